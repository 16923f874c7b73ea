package uqudoauth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/uqudo-auth-go/uqudo-auth-go/openapi"
	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth"
)

// capturingTransport keeps the last request and response body that passed
// through it.
type capturingTransport struct {
	req  *http.Request
	resp *http.Response
	body []byte
}

func (c *capturingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	c.body, err = io.ReadAll(io.LimitReader(resp.Body, uqudoauth.MaxResponseBytes))
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(c.body))
	c.req, c.resp = req, resp
	return resp, nil
}

// TestLiveContract fetches a token from a real Uqudo tenant and checks the
// response against the vendored spec, as Uqudo publishes it. It never prints
// the token or the secret.
func TestLiveContract(t *testing.T) {
	clientID, secret := os.Getenv("UQUDO_CLIENT_ID"), os.Getenv("UQUDO_CLIENT_SECRET")
	if clientID == "" || secret == "" {
		t.Skip("live contract test skipped: set UQUDO_CLIENT_ID and UQUDO_CLIENT_SECRET " +
			"(and UQUDO_AUTH_URL for a server other than https://auth.uqudo.io) to run it")
	}
	capture := &capturingTransport{}
	client, err := uqudoauth.NewClient(clientID, secret, &uqudoauth.ClientOptions{
		BaseURL:    os.Getenv("UQUDO_AUTH_URL"),
		HTTPClient: &http.Client{Transport: capture},
	})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	tok, err := client.Token(ctx)
	if err != nil {
		t.Fatalf("Token: %v", err)
	}
	t.Logf("live token: %v", tok)

	doc, err := openapi.Load()
	if err != nil {
		t.Fatalf("openapi.Load: %v", err)
	}
	validator, err := openapi.NewValidator(doc)
	if err != nil {
		t.Fatalf("NewValidator: %v", err)
	}
	err = validator.ValidateResponse(ctx, capture.req, capture.resp.StatusCode, capture.resp.Header, capture.body)
	if err != nil {
		t.Errorf("live response breaks the vendored spec: %v", err)
	}
	undeclared, absent, err := fieldDrift(doc, capture.body)
	if err != nil {
		t.Fatal(err)
	}
	if len(undeclared) > 0 {
		t.Errorf("live response has fields the spec does not declare: %v", undeclared)
	}
	if len(absent) > 0 {
		t.Logf("live response lacks these declared fields: %v", absent)
	}
}

// fieldDrift returns the fields of a 200 token response body that the spec
// does not declare and the declared fields that the body lacks, sorted.
func fieldDrift(doc *openapi3.T, body []byte) (undeclared, absent []string, err error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, nil, fmt.Errorf("response is not a JSON object: %w", err)
	}
	declared := doc.Paths.Find("/api/oauth/token").Post.Responses.Status(http.StatusOK).
		Value.Content.Get("application/json").Schema.Value.Properties

	for name := range fields {
		if _, ok := declared[name]; !ok {
			undeclared = append(undeclared, name)
		}
	}
	for name := range declared {
		if _, ok := fields[name]; !ok {
			absent = append(absent, name)
		}
	}
	sort.Strings(undeclared)
	sort.Strings(absent)
	return undeclared, absent, nil
}

func TestFieldDrift(t *testing.T) {
	doc, err := openapi.Load()
	if err != nil {
		t.Fatalf("openapi.Load: %v", err)
	}
	body := []byte(`{"access_token":"x","token_type":"bearer","expires_in":1,"tenant":"t"}`)

	undeclared, absent, err := fieldDrift(doc, body)
	if err != nil {
		t.Fatalf("fieldDrift: %v", err)
	}
	if fmt.Sprint(undeclared) != "[tenant]" {
		t.Errorf("undeclared = %v, want [tenant]", undeclared)
	}

	// The body sets only the three required fields, so every other field
	// that the spec declares counts as absent, whatever version is vendored.
	_, wantAbsent, err := fieldDrift(doc, []byte(`{"access_token":"x","token_type":"bearer","expires_in":1}`))
	if err != nil {
		t.Fatalf("fieldDrift: %v", err)
	}
	if len(wantAbsent) == 0 || fmt.Sprint(absent) != fmt.Sprint(wantAbsent) {
		t.Errorf("absent = %v, want %v", absent, wantAbsent)
	}
	for _, name := range absent {
		if name == "access_token" || name == "token_type" || name == "expires_in" {
			t.Errorf("absent lists %s, which the body has", name)
		}
	}
}
