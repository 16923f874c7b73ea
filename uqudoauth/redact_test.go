package uqudoauth_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth"
	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth/uqudoauthtest"
)

// printVerbs are the fmt verbs that a caller may use on any value.
var printVerbs = []string{"%v", "%+v", "%#v", "%s", "%q"}

// requireNoLeak fails when text contains any of the secrets.
func requireNoLeak(t *testing.T, where, text string, secrets ...string) {
	t.Helper()
	for _, secret := range secrets {
		if secret != "" && strings.Contains(text, secret) {
			t.Errorf("%s leaks a secret: %s", where, text)
		}
	}
}

func TestRedactionOfValues(t *testing.T) {
	const secret = "SECRET-a+b&c=d%e f/ü="
	f := newFixture(t, "redaction-client", secret, &uqudoauthtest.Options{
		Clients: map[string]string{"redaction-client": secret},
	})
	tok, err := f.client.Token(context.Background())
	if err != nil {
		t.Fatalf("Token: %v", err)
	}

	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	for _, verb := range printVerbs {
		for name, value := range map[string]any{
			"*Client": f.client, "Client": *f.client, "*Token": tok, "Token": *tok,
		} {
			text := fmt.Sprintf(verb, value)
			requireNoLeak(t, name+" with "+verb, text, secret, tok.AccessToken)
			if !strings.Contains(text, "REDACTED") {
				t.Errorf("%s with %s does not mark the redaction: %s", name, verb, text)
			}
		}
	}
	logger.Info("values", "client", f.client, "token", tok)
	requireNoLeak(t, "slog output", logs.String(), secret, tok.AccessToken)
}

func TestRedactionOfErrors(t *testing.T) {
	const secret = "SECRET-zq9+&="
	const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
	for _, tc := range []struct {
		name     string
		response uqudoauthtest.Response
	}{
		{"401 echoing the form", uqudoauthtest.Response{
			Status: http.StatusUnauthorized,
			Header: http.Header{"Content-Type": {"text/plain"}},
			Body:   "rejected client_secret=SECRET-zq9%2B%26%3D and SECRET-zq9+&=",
		}},
		{"OAuth error echoing the secret", uqudoauthtest.Response{
			Status: http.StatusBadRequest,
			Header: http.Header{"Content-Type": {"application/json"}},
			Body:   `{"error":"invalid_request","error_description":"bad secret SECRET-zq9+&="}`,
		}},
		{"200 with a non-bearer token", jsonResponse(
			`{"access_token":"` + jwt + `","token_type":"mac","expires_in":1800}`)},
		{"500 with a token in the page", uqudoauthtest.Response{
			Status: http.StatusInternalServerError,
			Body:   "trace: token=" + jwt,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, "client", secret, &uqudoauthtest.Options{
				Clients: map[string]string{"client": secret},
			})
			f.server.Enqueue(tc.response)
			var logs bytes.Buffer
			client, err := uqudoauth.NewClient("client", secret, &uqudoauth.ClientOptions{
				BaseURL: f.server.URL,
				Logger:  slog.New(slog.NewTextHandler(&logs, nil)),
				Retry:   uqudoauth.RetryOptions{MaxAttempts: 1},
			})
			if err != nil {
				t.Fatalf("NewClient: %v", err)
			}

			_, err = client.Token(context.Background())
			if err == nil {
				t.Fatal("Token succeeded, want an error")
			}
			var apiErr *uqudoauth.Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v is not an *Error", err)
			}
			for _, verb := range printVerbs {
				requireNoLeak(t, "error with "+verb, fmt.Sprintf(verb, err), secret, jwt)
				requireNoLeak(t, "*Error with "+verb, fmt.Sprintf(verb, apiErr), secret, jwt)
			}
			requireNoLeak(t, "log output", logs.String(), secret, jwt, "zq9%2B")
			if logs.Len() == 0 {
				t.Error("the failure was not logged")
			}
		})
	}
}
