package uqudoauth_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth"
	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth/uqudoauthtest"
)

// catalogueRetry keeps retries fast: three attempts, waits of a few ms.
var catalogueRetry = uqudoauth.RetryOptions{
	MaxAttempts: 3,
	BaseDelay:   time.Millisecond,
	MaxDelay:    5 * time.Millisecond,
}

// catalogueAttemptTimeout bounds each attempt against a server that hangs.
const catalogueAttemptTimeout = 300 * time.Millisecond

// outcome is the expected result of one catalogue case.
type outcome struct {
	// is is the sentinel the error must match; nil expects a token, unless
	// transport is set.
	is error
	// transport expects an error from the network, with no *Error.
	transport bool
	status    int
	code      string
	reason    string
	location  string
	requests  int
	expiresIn time.Duration
	scope     string
}

type catalogueCase struct {
	name      string
	responses []uqudoauthtest.Response
	want      outcome
}

func withHeader(contentType, body string) uqudoauthtest.Response {
	return uqudoauthtest.Response{Header: http.Header{"Content-Type": {contentType}}, Body: body}
}

func withStatus(status int, contentType, body string) uqudoauthtest.Response {
	r := withHeader(contentType, body)
	r.Status = status
	if contentType == "" {
		r.Header = nil
	}
	return r
}

func repeat(r uqudoauthtest.Response, n int) []uqudoauthtest.Response {
	out := make([]uqudoauthtest.Response, n)
	for i := range out {
		out[i] = r
	}
	return out
}

// unsignedJWT builds a JWT-shaped token with the given payload.
func unsignedJWT(payload string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"none"}`)) + "." + enc([]byte(payload)) + ".sig"
}

const (
	jsonType = "application/json"
	okBody   = `{"access_token":"abc","token_type":"bearer","expires_in":1800,"scope":"s","jti":"j"}`
)

func tokenBody(fields string) string {
	return `{"access_token":"abc","token_type":"bearer"` + fields + `}`
}

var (
	ok               = withHeader(jsonType, okBody)
	drop             = uqudoauthtest.Response{Drop: true}
	hang             = uqudoauthtest.Response{Delay: time.Minute}
	serviceDown      = withStatus(http.StatusServiceUnavailable, "text/html", "<h1>down</h1>")
	truncated        = uqudoauthtest.Response{Header: http.Header{"Content-Type": {jsonType}, "Content-Length": {"500"}}, Body: `{"access_token":`}
	expiredJWTClaims = `{"exp":` + "1700000000" + `}`
)

func successCases() []catalogueCase {
	futureExp := testNow.Add(10 * time.Minute).Unix()
	jwtWithExp := unsignedJWT(`{"exp":` + strconv.FormatInt(futureExp, 10) + `}`)
	return []catalogueCase{
		{"server default token", nil, outcome{requests: 1, expiresIn: 1800 * time.Second, scope: strings.Join(uqudoauthtest.DefaultScope, " ")}},
		{"json with charset", []uqudoauthtest.Response{withHeader("application/json;charset=UTF-8", okBody)}, outcome{requests: 1, expiresIn: 1800 * time.Second, scope: "s"}},
		{"vendor json type", []uqudoauthtest.Response{withHeader("application/vnd.uqudo+json", okBody)}, outcome{requests: 1, expiresIn: 1800 * time.Second, scope: "s"}},
		{"capitalised token type", []uqudoauthtest.Response{withHeader(jsonType, `{"access_token":"abc","token_type":"Bearer","expires_in":1800}`)}, outcome{requests: 1, expiresIn: 1800 * time.Second}},
		{"expires_in numeric string", []uqudoauthtest.Response{withHeader(jsonType, tokenBody(`,"expires_in":"1800"`))}, outcome{requests: 1, expiresIn: 1800 * time.Second}},
		{"expires_in padded string", []uqudoauthtest.Response{withHeader(jsonType, tokenBody(`,"expires_in":" 1859 "`))}, outcome{requests: 1, expiresIn: 1859 * time.Second}},
		{"expires_in float", []uqudoauthtest.Response{withHeader(jsonType, tokenBody(`,"expires_in":1800.0`))}, outcome{requests: 1, expiresIn: 1800 * time.Second}},
		{"expires_in missing with exp claim", []uqudoauthtest.Response{withHeader(jsonType, `{"access_token":"`+jwtWithExp+`","token_type":"bearer"}`)}, outcome{requests: 1, expiresIn: 10 * time.Minute}},
		{"expires_in missing opaque token", []uqudoauthtest.Response{withHeader(jsonType, tokenBody(``))}, outcome{requests: 1, expiresIn: uqudoauth.DefaultLifetime}},
		{"expires_in null", []uqudoauthtest.Response{withHeader(jsonType, tokenBody(`,"expires_in":null`))}, outcome{requests: 1, expiresIn: uqudoauth.DefaultLifetime}},
		{"expires_in absurdly large", []uqudoauthtest.Response{withHeader(jsonType, tokenBody(`,"expires_in":99999999999`))}, outcome{requests: 1, expiresIn: uqudoauth.MaxLifetime}},
		{"scope as array", []uqudoauthtest.Response{withHeader(jsonType, tokenBody(`,"expires_in":60,"scope":["A","B"]`))}, outcome{requests: 1, expiresIn: time.Minute, scope: "A B"}},
		{"unknown extra fields", []uqudoauthtest.Response{withHeader(jsonType, tokenBody(`,"expires_in":60,"tenant":{"id":1}`))}, outcome{requests: 1, expiresIn: time.Minute}},
		{"503 then token", []uqudoauthtest.Response{serviceDown, ok}, outcome{requests: 2, expiresIn: 1800 * time.Second, scope: "s"}},
		{"429 with Retry-After 0 then token", []uqudoauthtest.Response{{Status: 429, Header: http.Header{"Retry-After": {"0"}}}, ok}, outcome{requests: 2, expiresIn: 1800 * time.Second, scope: "s"}},
		{"500 and 502 then token", []uqudoauthtest.Response{withStatus(500, "", ""), withStatus(502, "", ""), ok}, outcome{requests: 3, expiresIn: 1800 * time.Second, scope: "s"}},
		{"504 with past Retry-After date then token", []uqudoauthtest.Response{{Status: 504, Header: http.Header{"Retry-After": {"Wed, 21 Oct 2015 07:28:00 GMT"}}}, ok}, outcome{requests: 2, expiresIn: 1800 * time.Second, scope: "s"}},
		{"dropped connection then token", []uqudoauthtest.Response{drop, ok}, outcome{requests: 2, expiresIn: 1800 * time.Second, scope: "s"}},
		{"truncated body then token", []uqudoauthtest.Response{truncated, ok}, outcome{requests: 2, expiresIn: 1800 * time.Second, scope: "s"}},
		{"hang then token", []uqudoauthtest.Response{hang, ok}, outcome{requests: 2, expiresIn: 1800 * time.Second, scope: "s"}},
	}
}

func failureCases() []catalogueCase {
	oauth := func(code string) string { return `{"error":"` + code + `","error_description":"d"}` }
	pastJWT := unsignedJWT(expiredJWTClaims)
	return []catalogueCase{
		{"401 OAuth body", []uqudoauthtest.Response{withStatus(401, jsonType, oauth("invalid_client"))}, outcome{is: uqudoauth.ErrInvalidCredentials, status: 401, code: "invalid_client", requests: 1}},
		{"401 empty body", []uqudoauthtest.Response{withStatus(401, "", "")}, outcome{is: uqudoauth.ErrInvalidCredentials, status: 401, requests: 1}},
		{"401 HTML page", []uqudoauthtest.Response{withStatus(401, "text/html", "<html>login</html>")}, outcome{is: uqudoauth.ErrInvalidCredentials, status: 401, requests: 1}},
		{"401 unauthorized code", []uqudoauthtest.Response{withStatus(401, "application/json;charset=UTF-8", oauth("unauthorized"))}, outcome{is: uqudoauth.ErrInvalidCredentials, status: 401, code: "unauthorized", requests: 1}},
		{"401 with 200-like body", []uqudoauthtest.Response{withStatus(401, jsonType, okBody)}, outcome{is: uqudoauth.ErrInvalidCredentials, status: 401, requests: 1}},
		{"400 invalid_client", []uqudoauthtest.Response{withStatus(400, jsonType, oauth("invalid_client"))}, outcome{is: uqudoauth.ErrInvalidCredentials, status: 400, code: "invalid_client", requests: 1}},
		{"400 invalid_request", []uqudoauthtest.Response{withStatus(400, jsonType, oauth("invalid_request"))}, outcome{is: uqudoauth.ErrUnexpectedStatus, status: 400, code: "invalid_request", requests: 1}},
		{"400 unsupported_grant_type", []uqudoauthtest.Response{withStatus(400, jsonType, oauth("unsupported_grant_type"))}, outcome{is: uqudoauth.ErrUnexpectedStatus, status: 400, code: "unsupported_grant_type", requests: 1}},
		{"403 HTML not retried", []uqudoauthtest.Response{withStatus(403, "text/html", "<h1>forbidden</h1>")}, outcome{is: uqudoauth.ErrUnexpectedStatus, status: 403, requests: 1}},
		{"403 unauthorized code", []uqudoauthtest.Response{withStatus(403, jsonType, oauth("unauthorized"))}, outcome{is: uqudoauth.ErrInvalidCredentials, status: 403, code: "unauthorized", requests: 1}},
		{"404 not retried", []uqudoauthtest.Response{withStatus(404, "text/plain", "not found")}, outcome{is: uqudoauth.ErrUnexpectedStatus, status: 404, requests: 1}},
		{"500 every attempt", repeat(withStatus(500, "text/plain", "boom"), 3), outcome{is: uqudoauth.ErrUnexpectedStatus, status: 500, requests: 3}},
		{"503 with long Retry-After", repeat(uqudoauthtest.Response{Status: 503, Header: http.Header{"Retry-After": {"120"}}}, 3), outcome{is: uqudoauth.ErrUnexpectedStatus, status: 503, requests: 3}},
		{"429 every attempt", repeat(withStatus(429, jsonType, oauth("slow_down")), 3), outcome{is: uqudoauth.ErrUnexpectedStatus, status: 429, code: "slow_down", requests: 3}},
		{"connection dropped every attempt", repeat(drop, 3), outcome{transport: true, requests: 3}},
		{"server hangs every attempt", repeat(hang, 3), outcome{transport: true, requests: 3}},
		{"truncated body every attempt", repeat(truncated, 3), outcome{transport: true, requests: 3}},
		{"302 redirect", []uqudoauthtest.Response{{Status: 302, Header: http.Header{"Location": {"https://elsewhere.example/token"}}}}, outcome{is: uqudoauth.ErrRedirect, status: 302, location: "https://elsewhere.example/token", requests: 1}},
		{"307 redirect", []uqudoauthtest.Response{{Status: 307, Header: http.Header{"Location": {"/api/v2/token"}}}}, outcome{is: uqudoauth.ErrRedirect, status: 307, location: "/api/v2/token", requests: 1}},
		{"200 HTML page", []uqudoauthtest.Response{withHeader("text/html", "<html>portal</html>")}, outcome{is: uqudoauth.ErrInvalidResponse, status: 200, reason: "content type", requests: 1}},
		{"200 JSON labelled text/plain", []uqudoauthtest.Response{withHeader("text/plain", okBody)}, outcome{is: uqudoauth.ErrInvalidResponse, status: 200, reason: "content type", requests: 1}},
		{"200 JSON without content type", []uqudoauthtest.Response{{Body: okBody}}, outcome{is: uqudoauth.ErrInvalidResponse, status: 200, reason: "content type", requests: 1}},
		{"200 empty body", []uqudoauthtest.Response{withHeader(jsonType, "")}, outcome{is: uqudoauth.ErrInvalidResponse, status: 200, reason: "malformed JSON", requests: 1}},
		{"200 JSON null", []uqudoauthtest.Response{withHeader(jsonType, "null")}, outcome{is: uqudoauth.ErrInvalidResponse, status: 200, reason: "access_token is missing", requests: 1}},
		{"200 JSON array", []uqudoauthtest.Response{withHeader(jsonType, "[]")}, outcome{is: uqudoauth.ErrInvalidResponse, status: 200, reason: "malformed JSON", requests: 1}},
		{"200 with OAuth error", []uqudoauthtest.Response{withHeader(jsonType, oauth("invalid_client"))}, outcome{is: uqudoauth.ErrInvalidResponse, status: 200, code: "invalid_client", requests: 1}},
		{"200 with token and error", []uqudoauthtest.Response{withHeader(jsonType, tokenBody(`,"expires_in":60,"error":"server_error"`))}, outcome{is: uqudoauth.ErrInvalidResponse, status: 200, code: "server_error", requests: 1}},
		{"200 numeric access_token", []uqudoauthtest.Response{withHeader(jsonType, `{"access_token":42,"token_type":"bearer","expires_in":60}`)}, outcome{is: uqudoauth.ErrInvalidResponse, status: 200, reason: "malformed JSON", requests: 1}},
		{"200 empty access_token", []uqudoauthtest.Response{withHeader(jsonType, `{"access_token":"","token_type":"bearer","expires_in":60}`)}, outcome{is: uqudoauth.ErrInvalidResponse, status: 200, reason: "access_token is empty", requests: 1}},
		{"200 blank access_token", []uqudoauthtest.Response{withHeader(jsonType, `{"access_token":"  ","token_type":"bearer","expires_in":60}`)}, outcome{is: uqudoauth.ErrInvalidResponse, status: 200, reason: "access_token is empty", requests: 1}},
		{"200 missing token_type", []uqudoauthtest.Response{withHeader(jsonType, `{"access_token":"abc","expires_in":60}`)}, outcome{is: uqudoauth.ErrInvalidResponse, status: 200, reason: "token_type is missing", requests: 1}},
		{"200 mac token_type", []uqudoauthtest.Response{withHeader(jsonType, `{"access_token":"abc","token_type":"mac","expires_in":60}`)}, outcome{is: uqudoauth.ErrInvalidResponse, status: 200, reason: "not bearer", requests: 1}},
		{"200 zero expires_in", []uqudoauthtest.Response{withHeader(jsonType, tokenBody(`,"expires_in":0`))}, outcome{is: uqudoauth.ErrInvalidResponse, status: 200, reason: "not positive", requests: 1}},
		{"200 negative expires_in", []uqudoauthtest.Response{withHeader(jsonType, tokenBody(`,"expires_in":-1800`))}, outcome{is: uqudoauth.ErrInvalidResponse, status: 200, reason: "not positive", requests: 1}},
		{"200 word expires_in", []uqudoauthtest.Response{withHeader(jsonType, tokenBody(`,"expires_in":"soon"`))}, outcome{is: uqudoauth.ErrInvalidResponse, status: 200, reason: "not a number", requests: 1}},
		{"200 boolean expires_in", []uqudoauthtest.Response{withHeader(jsonType, tokenBody(`,"expires_in":true`))}, outcome{is: uqudoauth.ErrInvalidResponse, status: 200, reason: "not a number", requests: 1}},
		{"200 expired exp claim without expires_in", []uqudoauthtest.Response{withHeader(jsonType, `{"access_token":"`+pastJWT+`","token_type":"bearer"}`)}, outcome{is: uqudoauth.ErrInvalidResponse, status: 200, reason: "exp claim has passed", requests: 1}},
		{"200 numeric scope", []uqudoauthtest.Response{withHeader(jsonType, tokenBody(`,"expires_in":60,"scope":7`))}, outcome{is: uqudoauth.ErrInvalidResponse, status: 200, reason: "scope", requests: 1}},
		{"401 echoing the form", []uqudoauthtest.Response{withStatus(401, "text/plain", "bad client_secret="+url.QueryEscape(catalogueSecret)+" ("+catalogueSecret+")")}, outcome{is: uqudoauth.ErrInvalidCredentials, status: 401, requests: 1}},
		{"400 describing the secret", []uqudoauthtest.Response{withStatus(400, jsonType, `{"error":"invalid_request","error_description":"secret `+catalogueSecret+` rejected"}`)}, outcome{is: uqudoauth.ErrUnexpectedStatus, status: 400, code: "invalid_request", requests: 1}},
		{"502 page showing a JWT", repeat(withStatus(502, "text/html", "<pre>"+unsignedJWT(`{"sub":"x"}`)+"</pre>"), 3), outcome{is: uqudoauth.ErrUnexpectedStatus, status: 502, requests: 3}},
		{"200 body over the limit", []uqudoauthtest.Response{withHeader(jsonType, `{"access_token":"`+strings.Repeat("a", uqudoauth.MaxResponseBytes)+`"}`)}, outcome{is: uqudoauth.ErrResponseTooLarge, status: 200, requests: 1}},
		{"500 body over the limit", []uqudoauthtest.Response{withStatus(500, "text/plain", strings.Repeat("x", uqudoauth.MaxResponseBytes+1))}, outcome{is: uqudoauth.ErrResponseTooLarge, status: 500, requests: 1}},
	}
}

func TestCatalogue(t *testing.T) {
	cases := append(successCases(), failureCases()...)
	if len(cases) < 40 {
		t.Fatalf("catalogue has %d cases, want at least 40", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			runCatalogueCase(t, tc)
		})
	}
}

// catalogueSecret is recognisable in any output that leaks it, raw or
// form-encoded.
const catalogueSecret = "CATALOGUE-SECRET-q7+&/="

func runCatalogueCase(t *testing.T, tc catalogueCase) {
	server := uqudoauthtest.NewServer(&uqudoauthtest.Options{
		Clients: map[string]string{"catalogue": catalogueSecret},
		Now:     func() time.Time { return testNow },
	})
	defer server.Close()
	server.Enqueue(tc.responses...)
	var logs bytes.Buffer
	client, err := uqudoauth.NewClient("catalogue", catalogueSecret,
		&uqudoauth.ClientOptions{
			BaseURL:        server.URL,
			Retry:          catalogueRetry,
			AttemptTimeout: catalogueAttemptTimeout,
			Logger:         slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
			Now:            func() time.Time { return testNow },
		})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}

	tok, err := client.Token(context.Background())
	// The last entry is the encoded header of unsignedJWT, the start of
	// every JWT that the catalogue serves.
	secrets := []string{catalogueSecret, url.QueryEscape(catalogueSecret), unsignedJWT("")[:19]}
	if tok != nil {
		secrets = append(secrets, tok.AccessToken)
		requireNoLeakInValue(t, "token", tok, secrets...)
	}
	if err != nil {
		requireNoLeakInValue(t, "error", err, secrets...)
	}
	requireNoLeak(t, "log output", logs.String(), secrets...)
	requireNoLeakInValue(t, "client", client, secrets...)

	if got := server.RequestCount(); got != tc.want.requests {
		t.Errorf("server received %d requests, want %d", got, tc.want.requests)
	}
	if tc.want.is == nil && !tc.want.transport {
		checkToken(t, tok, err, tc.want)
		return
	}
	if tok != nil {
		t.Errorf("Token returned a token with the error: %v", tok)
	}
	if err == nil {
		t.Fatal("Token succeeded, want an error")
	}
	checkError(t, err, tc.want)
}

// requireNoLeakInValue formats value with every fmt verb and fails when any
// text contains a secret.
func requireNoLeakInValue(t *testing.T, name string, value any, secrets ...string) {
	t.Helper()
	for _, verb := range printVerbs {
		requireNoLeak(t, name+" with "+verb, fmt.Sprintf(verb, value), secrets...)
	}
}

func checkToken(t *testing.T, tok *uqudoauth.Token, err error, want outcome) {
	t.Helper()
	if err != nil {
		t.Fatalf("Token: %v", err)
	}
	if tok.ExpiresIn != want.expiresIn {
		t.Errorf("ExpiresIn = %v, want %v", tok.ExpiresIn, want.expiresIn)
	}
	if !tok.Expiry.Equal(testNow.Add(want.expiresIn)) {
		t.Errorf("Expiry = %v, want now + %v", tok.Expiry, want.expiresIn)
	}
	if tok.Scope != want.scope {
		t.Errorf("Scope = %q, want %q", tok.Scope, want.scope)
	}
}

func checkError(t *testing.T, err error, want outcome) {
	t.Helper()
	var apiErr *uqudoauth.Error
	isAPIErr := errors.As(err, &apiErr)
	if want.transport {
		if isAPIErr {
			t.Errorf("error = %v, want a network error without *Error", err)
		}
		return
	}
	if !errors.Is(err, want.is) {
		t.Fatalf("error = %v, want %v", err, want.is)
	}
	if !isAPIErr {
		t.Fatalf("error %v is not an *Error", err)
	}
	if apiErr.StatusCode != want.status {
		t.Errorf("StatusCode = %d, want %d", apiErr.StatusCode, want.status)
	}
	if apiErr.Code != want.code {
		t.Errorf("Code = %q, want %q", apiErr.Code, want.code)
	}
	if !strings.Contains(apiErr.Reason, want.reason) {
		t.Errorf("Reason = %q, want it to contain %q", apiErr.Reason, want.reason)
	}
	if apiErr.Location != want.location {
		t.Errorf("Location = %q, want %q", apiErr.Location, want.location)
	}
}
