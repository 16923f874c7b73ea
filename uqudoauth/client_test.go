package uqudoauth_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth"
	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth/uqudoauthtest"
)

func TestTokenSuccess(t *testing.T) {
	f := defaultFixture(t)

	tok, err := f.client.Token(context.Background())
	if err != nil {
		t.Fatalf("Token: %v", err)
	}
	f.requireValidExchanges(t)

	if tok.AccessToken == "" {
		t.Error("AccessToken is empty")
	}
	if tok.TokenType != "bearer" {
		t.Errorf("TokenType = %q, want bearer", tok.TokenType)
	}
	if tok.ExpiresIn != 1800*time.Second {
		t.Errorf("ExpiresIn = %v, want 30m", tok.ExpiresIn)
	}
	if want := testNow.Add(1800 * time.Second); !tok.Expiry.Equal(want) {
		t.Errorf("Expiry = %v, want %v", tok.Expiry, want)
	}
	if tok.Scope != strings.Join(uqudoauthtest.DefaultScope, " ") {
		t.Errorf("Scope = %q", tok.Scope)
	}
	if len(tok.JTI) != 36 {
		t.Errorf("JTI = %q, want a UUID", tok.JTI)
	}
}

func TestTokenRequestShape(t *testing.T) {
	f := defaultFixture(t)
	if _, err := f.client.Token(context.Background()); err != nil {
		t.Fatalf("Token: %v", err)
	}

	requests := f.server.Requests()
	if len(requests) != 1 {
		t.Fatalf("server received %d requests, want 1", len(requests))
	}
	req := requests[0]
	if req.Method != http.MethodPost || req.Path != "/api/oauth/token" {
		t.Errorf("request line = %s %s, want POST /api/oauth/token", req.Method, req.Path)
	}
	if got := req.Header.Get("Content-Type"); got != "application/x-www-form-urlencoded" {
		t.Errorf("Content-Type = %q", got)
	}
	if got := req.Header.Get("Authorization"); got != "" {
		t.Errorf("Authorization header = %q, want none: credentials go in the body", got)
	}
	if req.ValidationError != nil {
		t.Errorf("server found the request invalid: %v", req.ValidationError)
	}
	if got := req.Form.Get("grant_type"); got != "client_credentials" {
		t.Errorf("grant_type = %q", got)
	}
	if got := req.Header.Get("User-Agent"); got != "uqudo-auth-go" {
		t.Errorf("User-Agent = %q", got)
	}
}

func TestTokenSecretRoundTrip(t *testing.T) {
	for _, creds := range []struct{ name, id, secret string }{
		{"form delimiters", "client+id&x=y", `a+b&c=d%e f/ü=`},
		{"outer spaces", "ü id", "  leading and trailing spaces  "},
		{"quotes and markup", "id", `"quotes" 'and' \backslash\ <tags> #hash ?q`},
		{"control characters", "id", "tab\tnewline\nnul-free"},
	} {
		t.Run(creds.name, func(t *testing.T) {
			f := newFixture(t, creds.id, creds.secret, &uqudoauthtest.Options{
				Clients: map[string]string{creds.id: creds.secret},
			})
			if _, err := f.client.Token(context.Background()); err != nil {
				t.Fatalf("Token: %v", err)
			}
			f.requireValidExchanges(t)

			form := f.server.Requests()[0].Form
			if got := form.Get("client_id"); got != creds.id {
				t.Errorf("client_id arrived as %q, want %q", got, creds.id)
			}
			if got := form.Get("client_secret"); got != creds.secret {
				t.Error("client_secret did not arrive unchanged")
			}
		})
	}
}

func TestNewClientRejectsEmptyCredentials(t *testing.T) {
	for _, tc := range []struct{ name, id, secret string }{
		{"empty id", "", "secret"},
		{"blank id", " \t\n", "secret"},
		{"empty secret", "id", ""},
		{"blank secret", "id", "   "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client, err := uqudoauth.NewClient(tc.id, tc.secret, nil)
			if !errors.Is(err, uqudoauth.ErrInvalidInput) {
				t.Fatalf("NewClient error = %v, want ErrInvalidInput", err)
			}
			if client != nil {
				t.Error("NewClient returned a client along with the error")
			}
		})
	}
}

func TestTokenWrongSecret(t *testing.T) {
	f := newFixture(t, uqudoauthtest.DefaultClientID, "wrong-secret", nil)

	tok, err := f.client.Token(context.Background())
	if tok != nil {
		t.Errorf("Token returned %v with the error", tok)
	}
	if !errors.Is(err, uqudoauth.ErrInvalidCredentials) {
		t.Fatalf("error = %v, want ErrInvalidCredentials", err)
	}
	var apiErr *uqudoauth.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v is not an *Error", err)
	}
	if apiErr.StatusCode != http.StatusUnauthorized {
		t.Errorf("StatusCode = %d, want 401", apiErr.StatusCode)
	}
	if apiErr.Code != "invalid_client" {
		t.Errorf("Code = %q, want invalid_client", apiErr.Code)
	}
	if apiErr.Description != "Bad client credentials" {
		t.Errorf("Description = %q", apiErr.Description)
	}
	f.requireValidExchanges(t)
}

func TestTokenTypeCaseInsensitive(t *testing.T) {
	for _, tokenType := range []string{"bearer", "Bearer", "BEARER"} {
		t.Run(tokenType, func(t *testing.T) {
			f := defaultFixture(t)
			f.server.Enqueue(jsonResponse(`{"access_token":"abc","token_type":"` + tokenType + `","expires_in":1800}`))

			tok, err := f.client.Token(context.Background())
			if err != nil {
				t.Fatalf("Token: %v", err)
			}
			if tok.TokenType != tokenType {
				t.Errorf("TokenType = %q, want %q", tok.TokenType, tokenType)
			}
			f.requireValidExchanges(t)
		})
	}
}

func TestTokenObservedLifetime(t *testing.T) {
	f := defaultFixture(t)
	f.server.SetLifetime(1859 * time.Second)

	tok, err := f.client.Token(context.Background())
	if err != nil {
		t.Fatalf("Token: %v", err)
	}
	if tok.ExpiresIn != 1859*time.Second {
		t.Errorf("ExpiresIn = %v, want the 1859 s the server sent", tok.ExpiresIn)
	}
	if want := testNow.Add(1859 * time.Second); !tok.Expiry.Equal(want) {
		t.Errorf("Expiry = %v, want %v", tok.Expiry, want)
	}
}

func TestTokenContractBreaks(t *testing.T) {
	for _, tc := range []struct {
		name     string
		response uqudoauthtest.Response
	}{
		{"text content type", uqudoauthtest.Response{
			Header: http.Header{"Content-Type": {"text/html"}},
			Body:   `<html>maintenance</html>`,
		}},
		{"malformed JSON", jsonResponse(`{"access_token":`)},
		{"missing access_token", jsonResponse(`{"token_type":"bearer","expires_in":1800}`)},
		{"empty access_token", jsonResponse(`{"access_token":"","token_type":"bearer","expires_in":1800}`)},
		{"zero expires_in", jsonResponse(`{"access_token":"abc","token_type":"bearer","expires_in":0}`)},
		{"negative expires_in", jsonResponse(`{"access_token":"abc","token_type":"bearer","expires_in":-5}`)},
		{"mac token type", jsonResponse(`{"access_token":"abc","token_type":"mac","expires_in":1800}`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := defaultFixture(t)
			f.server.Enqueue(tc.response)

			tok, err := f.client.Token(context.Background())
			if tok != nil {
				t.Errorf("Token returned a token: %v", tok)
			}
			if !errors.Is(err, uqudoauth.ErrInvalidResponse) {
				t.Fatalf("error = %v, want ErrInvalidResponse", err)
			}
			var apiErr *uqudoauth.Error
			if !errors.As(err, &apiErr) || apiErr.Reason == "" {
				t.Errorf("error %v carries no reason", err)
			}
		})
	}
}

func TestTokenContextEnds(t *testing.T) {
	t.Run("canceled", func(t *testing.T) {
		f := defaultFixture(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()

		_, err := f.client.Token(ctx)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error = %v, want context.Canceled", err)
		}
	})
	t.Run("deadline", func(t *testing.T) {
		f := defaultFixture(t)
		f.server.Enqueue(uqudoauthtest.Response{Delay: time.Minute})
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()

		_, err := f.client.Token(ctx)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("error = %v, want context.DeadlineExceeded", err)
		}
	})
}

func TestBaseURL(t *testing.T) {
	for _, tc := range []struct {
		name, base, want string
	}{
		{"default", "", "https://auth.uqudo.io/api/oauth/token"},
		{"development host", uqudoauth.DevelopmentBaseURL, "https://auth.dev.uqudo.io/api/oauth/token"},
		{"trailing slash", "https://auth.uqudo.io/", "https://auth.uqudo.io/api/oauth/token"},
		{"path prefix", "https://gateway.example/uqudo", "https://gateway.example/uqudo/api/oauth/token"},
		{"loopback http", "http://127.0.0.1:8080", "http://127.0.0.1:8080/api/oauth/token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client, err := uqudoauth.NewClient("id", "secret", &uqudoauth.ClientOptions{BaseURL: tc.base})
			if err != nil {
				t.Fatalf("NewClient: %v", err)
			}
			if got := client.TokenURL(); got != tc.want {
				t.Errorf("TokenURL = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestBaseURLRejected(t *testing.T) {
	for _, base := range []string{
		"http://auth.uqudo.io",
		"ftp://auth.uqudo.io",
		"auth.uqudo.io",
		"https://user:pass@auth.uqudo.io",
		"https://auth.uqudo.io?x=1",
		"https://auth.uqudo.io/#frag",
		"https://%zz",
	} {
		t.Run(base, func(t *testing.T) {
			_, err := uqudoauth.NewClient("id", "secret", &uqudoauth.ClientOptions{BaseURL: base})
			if !errors.Is(err, uqudoauth.ErrInvalidInput) {
				t.Fatalf("error = %v, want ErrInvalidInput", err)
			}
		})
	}
}

func TestAllowInsecureHTTP(t *testing.T) {
	client, err := uqudoauth.NewClient("id", "secret", &uqudoauth.ClientOptions{
		BaseURL:           "http://auth.internal.example",
		AllowInsecureHTTP: true,
	})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	if got := client.TokenURL(); got != "http://auth.internal.example/api/oauth/token" {
		t.Errorf("TokenURL = %q", got)
	}
}

func TestCallerHTTPClientUnchanged(t *testing.T) {
	server := uqudoauthtest.NewServer(nil)
	defer server.Close()
	caller := &http.Client{}

	client, err := uqudoauth.NewClient(uqudoauthtest.DefaultClientID, uqudoauthtest.DefaultClientSecret,
		&uqudoauth.ClientOptions{BaseURL: server.URL, HTTPClient: caller})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	if _, err := client.Token(context.Background()); err != nil {
		t.Fatalf("Token: %v", err)
	}
	if caller.Timeout != 0 {
		t.Errorf("caller's Timeout changed to %v", caller.Timeout)
	}
	if caller.CheckRedirect != nil {
		t.Error("caller's CheckRedirect was set")
	}
}

func jsonResponse(body string) uqudoauthtest.Response {
	return uqudoauthtest.Response{
		Header: http.Header{"Content-Type": {"application/json"}},
		Body:   body,
	}
}
