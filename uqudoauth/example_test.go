package uqudoauth_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth"
	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth/uqudoauthtest"
)

func ExampleClient_Token() {
	// A local server replaces https://auth.uqudo.io here. In production,
	// leave BaseURL empty and read the credentials from the environment.
	server := uqudoauthtest.NewServer(&uqudoauthtest.Options{
		Clients: map[string]string{"my-client-id": "my-client-secret"},
	})
	defer server.Close()

	client, err := uqudoauth.NewClient("my-client-id", "my-client-secret",
		&uqudoauth.ClientOptions{BaseURL: server.URL})
	if err != nil {
		log.Fatal(err)
	}
	tok, err := client.Token(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tok.TokenType, tok.ExpiresIn)
	// Output: bearer 30m0s
}

func ExampleErrInvalidCredentials() {
	server := uqudoauthtest.NewServer(nil)
	defer server.Close()

	client, err := uqudoauth.NewClient("my-client-id", "wrong-secret",
		&uqudoauth.ClientOptions{BaseURL: server.URL})
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.Token(context.Background())

	var apiErr *uqudoauth.Error
	if errors.Is(err, uqudoauth.ErrInvalidCredentials) && errors.As(err, &apiErr) {
		fmt.Println("rejected:", apiErr.StatusCode, apiErr.Code)
	}
	// Output: rejected: 401 invalid_client
}
