// Command callapi calls an API through an HTTP client that adds Uqudo
// access tokens to its requests, all against local servers.
//
// It starts the local token server of package uqudoauthtest and a local
// stand-in for the Uqudo API (https://id.uqudo.io) that serves
// GET /api/v1/info/{id} only to requests with a bearer token that grants
// KYC_INFO_SDK. It then sends -calls requests at once through
// uqudoauth.NewHTTPClient and prints each response, and how many token
// requests they cost.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth"
	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth/uqudoauthtest"
)

func main() {
	calls := flag.Int("calls", 5, "number of API requests to send at once")
	timeout := flag.Duration("timeout", 30*time.Second, "maximum time for all requests")
	flag.Parse()

	if err := run(os.Stdout, *calls, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "callapi:", err)
		os.Exit(1)
	}
}

func run(stdout io.Writer, calls int, timeout time.Duration) error {
	if calls < 1 {
		return fmt.Errorf("invalid -calls %d: must be at least 1", calls)
	}
	tokenServer := uqudoauthtest.NewServer(nil)
	defer tokenServer.Close()
	api := httptest.NewServer(newAPIHandler())
	defer api.Close()
	fmt.Fprintf(stdout, "token server: %s (local test server)\n", tokenServer.URL)
	fmt.Fprintf(stdout, "API:          %s (local stand-in for https://%s)\n", api.URL, uqudoauth.DefaultAPIHost)

	client, err := uqudoauth.NewClient(uqudoauthtest.DefaultClientID, uqudoauthtest.DefaultClientSecret,
		&uqudoauth.ClientOptions{BaseURL: tokenServer.URL})
	if err != nil {
		return err
	}
	source := uqudoauth.NewTokenSource(client, nil)
	defer source.Close()

	// Against Uqudo, leave Hosts empty, so that tokens go to id.uqudo.io
	// only.
	apiURL, err := url.Parse(api.URL)
	if err != nil {
		return err
	}
	httpClient := uqudoauth.NewHTTPClient(source, &uqudoauth.HTTPClientOptions{
		HTTPClient: &http.Client{Timeout: timeout},
		Hosts:      []string{apiURL.Host},
	})

	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	lines, err := callConcurrently(ctx, httpClient, api.URL, calls)
	for _, line := range lines {
		fmt.Fprintln(stdout, line)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d API calls used %d token request(s)\n", calls, tokenServer.RequestCount())
	return nil
}

// callConcurrently sends calls requests at once and returns one line per
// response, in the order of the record ids.
func callConcurrently(ctx context.Context, client *http.Client, baseURL string, calls int) ([]string, error) {
	lines := make([]string, calls)
	errs := make([]error, calls)
	var wg sync.WaitGroup
	for i := range calls {
		wg.Go(func() {
			lines[i], errs[i] = getInfo(ctx, client, baseURL, fmt.Sprintf("record-%d", i+1))
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return lines, err
		}
	}
	return lines, nil
}

func getInfo(ctx context.Context, client *http.Client, baseURL, id string) (string, error) {
	path := "/api/v1/info/" + url.PathEscape(id)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+path, nil)
	if err != nil {
		return "", err
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
	if err != nil {
		return "", fmt.Errorf("reading the response to GET %s failed: %w", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s failed with status %d", path, resp.StatusCode)
	}
	return fmt.Sprintf("GET %s: %d %s", path, resp.StatusCode, strings.TrimSpace(string(body))), nil
}

// newAPIHandler returns the stand-in API. It reads the token's claims
// without verifying the signature, which a real API must verify.
func newAPIHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/info/{id}", func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		claims, err := uqudoauth.ParseClaims(token)
		if !ok || err != nil || !claims.HasScope("KYC_INFO_SDK") {
			http.Error(w, "missing or insufficient bearer token", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{
			"id":        r.PathValue("id"),
			"client_id": claims.ClientID,
		})
	})
	return mux
}
