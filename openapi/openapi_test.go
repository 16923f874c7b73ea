package openapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/uqudo-auth-go/uqudo-auth-go/openapi"
)

func TestLoadValidates(t *testing.T) {
	doc, err := openapi.Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	op := doc.Paths.Find("/api/oauth/token")
	if op == nil || op.Post == nil {
		t.Fatal("the vendored spec has no POST /api/oauth/token")
	}
	if op.Post.Responses.Status(400) != nil {
		t.Error("the vendored spec documents 400, but Uqudo's does not: it belongs in the overlay")
	}
}

func TestLoadContractAppliesOverlay(t *testing.T) {
	doc, err := openapi.LoadContract()
	if err != nil {
		t.Fatalf("LoadContract: %v", err)
	}
	op := doc.Paths.Find("/api/oauth/token").Post
	if op.OperationID != "GetToken" {
		t.Errorf("operationId = %q, want GetToken", op.OperationID)
	}
	for _, status := range []int{400, 401} {
		resp := op.Responses.Status(status)
		if resp == nil || resp.Value.Content.Get("application/json") == nil {
			t.Errorf("status %d has no JSON error body", status)
		}
	}
	if doc.Components.Schemas["OAuthError"] == nil {
		t.Error("components have no OAuthError schema")
	}
}

func newRequest(t *testing.T, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1:1/api/oauth/token", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

func TestValidateRequest(t *testing.T) {
	v, err := openapi.NewContractValidator()
	if err != nil {
		t.Fatalf("NewContractValidator: %v", err)
	}
	for _, tc := range []struct {
		name  string
		body  string
		valid bool
	}{
		{"complete", "grant_type=client_credentials&client_id=a&client_secret=b", true},
		{"missing secret", "grant_type=client_credentials&client_id=a", false},
		{"other grant", "grant_type=password&client_id=a&client_secret=b", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := newRequest(t, tc.body)
			err := v.ValidateRequest(context.Background(), req)
			if (err == nil) != tc.valid {
				t.Fatalf("ValidateRequest error = %v, want valid = %v", err, tc.valid)
			}
		})
	}
}

func TestValidateRequestKeepsBody(t *testing.T) {
	v, err := openapi.NewContractValidator()
	if err != nil {
		t.Fatalf("NewContractValidator: %v", err)
	}
	const body = "grant_type=client_credentials&client_id=a&client_secret=b"
	req := newRequest(t, body)
	if err := v.ValidateRequest(context.Background(), req); err != nil {
		t.Fatalf("ValidateRequest: %v", err)
	}
	if err := req.ParseForm(); err != nil {
		t.Fatal(err)
	}
	if got := req.PostForm.Get("client_secret"); got != "b" {
		t.Errorf("body after validation has client_secret %q, want b", got)
	}
}

func TestValidateResponse(t *testing.T) {
	v, err := openapi.NewContractValidator()
	if err != nil {
		t.Fatalf("NewContractValidator: %v", err)
	}
	jsonHeader := http.Header{"Content-Type": {"application/json;charset=UTF-8"}}
	const good = `{"access_token":"x","token_type":"bearer","expires_in":1800,"scope":"s","jti":"j"}`
	for _, tc := range []struct {
		name   string
		status int
		header http.Header
		body   string
		valid  bool
	}{
		{"token", 200, jsonHeader, good, true},
		{"OAuth error on 401", 401, jsonHeader, `{"error":"invalid_client"}`, true},
		{"OAuth error on 400", 400, jsonHeader, `{"error":"invalid_request"}`, true},
		{"undocumented status", 418, jsonHeader, good, false},
		{"undocumented content type", 200, http.Header{"Content-Type": {"text/plain"}}, good, false},
		{"missing access_token", 200, jsonHeader, `{"token_type":"bearer","expires_in":1800}`, false},
		{"string expires_in", 200, jsonHeader, `{"access_token":"x","token_type":"bearer","expires_in":"1800"}`, false},
		{"401 without error code", 401, jsonHeader, `{"message":"no"}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := newRequest(t, "")
			err := v.ValidateResponse(context.Background(), req, tc.status, tc.header, []byte(tc.body))
			if (err == nil) != tc.valid {
				t.Fatalf("ValidateResponse error = %v, want valid = %v", err, tc.valid)
			}
		})
	}
}
