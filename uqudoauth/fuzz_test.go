package uqudoauth_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth"
	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth/uqudoauthtest"
)

// fuzzSecret appears in some seeds, so the fuzzer mutates bodies that echo it.
const fuzzSecret = "FUZZ-SECRET-7+&="

// addCatalogueSeeds adds every scripted response of the catalogue.
func addCatalogueSeeds(f *testing.F) {
	for _, tc := range append(successCases(), failureCases()...) {
		for _, r := range tc.responses {
			if r.Drop || r.Delay > 0 || len(r.Body) > 4096 {
				continue
			}
			status := r.Status
			if status == 0 {
				status = http.StatusOK
			}
			f.Add(status, r.Header.Get("Content-Type"), r.Header.Get("Retry-After"), r.Body)
		}
	}
	f.Add(401, "text/plain", "", "client_secret="+fuzzSecret)
	f.Add(200, "application/json", "", `{"error":"x","error_description":"`+fuzzSecret+`"}`)
}

// FuzzTokenResponse sends arbitrary responses through the real client and
// checks that each ends in a token or an error, never both or neither, and
// that no output carries the secret.
func FuzzTokenResponse(f *testing.F) {
	addCatalogueSeeds(f)
	server := uqudoauthtest.NewServer(&uqudoauthtest.Options{
		Clients: map[string]string{"fuzz": fuzzSecret},
		Now:     func() time.Time { return testNow },
	})
	f.Cleanup(server.Close)
	client, err := uqudoauth.NewClient("fuzz", fuzzSecret, &uqudoauth.ClientOptions{
		BaseURL: server.URL,
		Retry:   uqudoauth.RetryOptions{MaxAttempts: 1},
		Now:     func() time.Time { return testNow },
	})
	if err != nil {
		f.Fatalf("NewClient: %v", err)
	}

	f.Fuzz(func(t *testing.T, status int, contentType, retryAfter, body string) {
		status = 200 + abs(status)%400
		header := http.Header{}
		if contentType != "" && validHeaderValue(contentType) {
			header.Set("Content-Type", contentType)
		}
		if retryAfter != "" && validHeaderValue(retryAfter) {
			header.Set("Retry-After", retryAfter)
		}
		server.Enqueue(uqudoauthtest.Response{Status: status, Header: header, Body: body})

		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		tok, err := client.Token(ctx)
		if ctx.Err() != nil {
			t.Fatalf("Token did not return within 5s: %v", err)
		}
		checkFuzzOutcome(t, status, tok, err)
	})
}

func checkFuzzOutcome(t *testing.T, status int, tok *uqudoauth.Token, err error) {
	t.Helper()
	if (tok == nil) == (err == nil) {
		t.Fatalf("Token returned token %v and error %v", tok, err)
	}
	if tok != nil {
		checkFuzzToken(t, status, tok)
		return
	}

	if strings.Contains(err.Error(), fuzzSecret) {
		t.Fatalf("error text leaks the secret: %v", err)
	}
	var apiErr *uqudoauth.Error
	if !errors.As(err, &apiErr) {
		return
	}
	if apiErr.StatusCode != status {
		t.Errorf("StatusCode = %d, want %d", apiErr.StatusCode, status)
	}
	if status == http.StatusUnauthorized && !errors.Is(err, uqudoauth.ErrInvalidCredentials) {
		t.Errorf("401 mapped to %v, want ErrInvalidCredentials", err)
	}
	if status >= 300 && status < 400 && !errors.Is(err, uqudoauth.ErrRedirect) {
		t.Errorf("%d mapped to %v, want ErrRedirect", status, err)
	}
	if !utf8.ValidString(apiErr.Body) || utf8.RuneCountInString(apiErr.Body) > 201 {
		t.Errorf("Body excerpt is not short, valid text: %q", apiErr.Body)
	}
}

func checkFuzzToken(t *testing.T, status int, tok *uqudoauth.Token) {
	t.Helper()
	if status != http.StatusOK {
		t.Errorf("status %d produced a token", status)
	}
	if strings.TrimSpace(tok.AccessToken) == "" {
		t.Error("token has an empty access token")
	}
	if !strings.EqualFold(tok.TokenType, "bearer") {
		t.Errorf("TokenType = %q", tok.TokenType)
	}
	if tok.ExpiresIn <= 0 || tok.ExpiresIn > uqudoauth.MaxLifetime {
		t.Errorf("ExpiresIn = %v, outside (0, MaxLifetime]", tok.ExpiresIn)
	}
	if !tok.Expiry.Equal(testNow.Add(tok.ExpiresIn)) {
		t.Errorf("Expiry = %v, want now + %v", tok.Expiry, tok.ExpiresIn)
	}
}

// FuzzParseClaims checks that any string yields claims or ErrMalformedToken.
func FuzzParseClaims(f *testing.F) {
	f.Add(unsignedJWT(`{"exp":1700000000,"scope":["A"],"aud":"x"}`))
	f.Add(unsignedJWT(`{"scope":"A B","iat":1.5}`))
	f.Add("a.b.c")
	f.Add("")
	f.Fuzz(func(t *testing.T, token string) {
		claims, err := uqudoauth.ParseClaims(token)
		if err != nil && !errors.Is(err, uqudoauth.ErrMalformedToken) {
			t.Fatalf("error %v does not match ErrMalformedToken", err)
		}
		if (claims == nil) == (err == nil) {
			t.Fatalf("ParseClaims returned claims %v and error %v", claims, err)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -(n + 1)
	}
	return n
}

// validHeaderValue reports whether net/http will send value unchanged.
func validHeaderValue(value string) bool {
	for _, c := range []byte(value) {
		if c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return strings.TrimSpace(value) == value
}
