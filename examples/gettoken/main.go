// Command gettoken fetches an access token from the Uqudo Authorization API
// and prints what it holds.
//
// It reads the credentials from UQUDO_CLIENT_ID and UQUDO_CLIENT_SECRET and
// the token server's base URL from UQUDO_AUTH_URL (default
// https://auth.uqudo.io). With no credentials set, it starts the built-in
// local test server and fetches a token from that instead. It prints the
// access token itself only with -show-token.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth"
	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth/uqudoauthtest"
)

func main() {
	showToken := flag.Bool("show-token", false, "also print the access token")
	timeout := flag.Duration("timeout", 30*time.Second, "maximum time for the token request")
	flag.Parse()

	if err := run(os.Stdout, os.Stderr, *showToken, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "gettoken:", err)
		os.Exit(1)
	}
}

func run(stdout, stderr io.Writer, showToken bool, timeout time.Duration) error {
	clientID := os.Getenv("UQUDO_CLIENT_ID")
	secret := os.Getenv("UQUDO_CLIENT_SECRET")
	baseURL := os.Getenv("UQUDO_AUTH_URL")

	switch {
	case clientID == "" && secret == "":
		server := uqudoauthtest.NewServer(nil)
		defer server.Close()
		clientID, secret, baseURL = uqudoauthtest.DefaultClientID, uqudoauthtest.DefaultClientSecret, server.URL
		fmt.Fprintf(stderr, "UQUDO_CLIENT_ID and UQUDO_CLIENT_SECRET are not set: "+
			"using the built-in local test server at %s\n", server.URL)
	case clientID == "" || secret == "":
		return fmt.Errorf("set both UQUDO_CLIENT_ID and UQUDO_CLIENT_SECRET, or neither to use the local test server")
	}

	client, err := uqudoauth.NewClient(clientID, secret, &uqudoauth.ClientOptions{BaseURL: baseURL})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()

	tok, err := client.Token(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "token URL:  %s\n", client.TokenURL())
	fmt.Fprintf(stdout, "token type: %s\n", tok.TokenType)
	fmt.Fprintf(stdout, "expires in: %s (at %s)\n", tok.ExpiresIn, tok.Expiry.Format(time.RFC3339))
	fmt.Fprintf(stdout, "scope:      %s\n", tok.Scope)
	fmt.Fprintf(stdout, "jti:        %s\n", tok.JTI)
	if showToken {
		fmt.Fprintf(stdout, "access token: %s\n", tok.AccessToken)
	}
	return nil
}
