package uqudoauth_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth"
	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth/uqudoauthtest"
)

func ExampleTokenSource() {
	// A local server replaces https://auth.uqudo.io here.
	server := uqudoauthtest.NewServer(nil)
	defer server.Close()

	client, err := uqudoauth.NewClient(uqudoauthtest.DefaultClientID, uqudoauthtest.DefaultClientSecret,
		&uqudoauth.ClientOptions{BaseURL: server.URL})
	if err != nil {
		log.Fatal(err)
	}
	source := uqudoauth.NewTokenSource(client, nil)
	defer source.Close()

	// Call Token before every use. It returns the cached token until the
	// background refresh replaces it.
	ctx := context.Background()
	for range 3 {
		if _, err := source.Token(ctx); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println("token requests:", server.RequestCount())
	// Output: token requests: 1
}

func ExampleNewHTTPClient() {
	tokenServer := uqudoauthtest.NewServer(nil)
	defer tokenServer.Close()

	// A local stand-in for https://id.uqudo.io that reports whether a
	// request carried a bearer token.
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		claims, err := uqudoauth.ParseClaims(token)
		if !ok || err != nil {
			http.Error(w, "no valid token", http.StatusUnauthorized)
			return
		}
		fmt.Fprintf(w, "%s called %s", claims.ClientID, r.URL.Path)
	}))
	defer api.Close()
	apiURL, _ := url.Parse(api.URL)

	client, err := uqudoauth.NewClient(uqudoauthtest.DefaultClientID, uqudoauthtest.DefaultClientSecret,
		&uqudoauth.ClientOptions{BaseURL: tokenServer.URL})
	if err != nil {
		log.Fatal(err)
	}
	source := uqudoauth.NewTokenSource(client, nil)
	defer source.Close()

	// In production, leave Hosts empty to send tokens to id.uqudo.io only.
	httpClient := uqudoauth.NewHTTPClient(source, &uqudoauth.HTTPClientOptions{
		Hosts: []string{apiURL.Host},
	})
	resp, err := httpClient.Get(api.URL + "/api/v1/info/example-id")
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, string(body))
	// Output: 200 test-client called /api/v1/info/example-id
}
