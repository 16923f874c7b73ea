package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth/uqudoauthtest"
)

func TestRunWithoutCredentials(t *testing.T) {
	t.Setenv("UQUDO_CLIENT_ID", "")
	t.Setenv("UQUDO_CLIENT_SECRET", "")
	var stdout, stderr bytes.Buffer

	if err := run(&stdout, &stderr, false, 10*time.Second); err != nil {
		t.Fatalf("run: %v", err)
	}
	if !strings.Contains(stderr.String(), "built-in local test server") {
		t.Errorf("stderr does not say the local server is used: %q", stderr.String())
	}
	if !strings.Contains(stdout.String(), "token type: bearer") {
		t.Errorf("stdout has no token type: %q", stdout.String())
	}
	if strings.Contains(stdout.String(), "access token:") {
		t.Error("the access token was printed without -show-token")
	}
}

func TestRunWithServerURL(t *testing.T) {
	server := uqudoauthtest.NewServer(&uqudoauthtest.Options{
		Clients: map[string]string{"live-id": "live-secret"},
	})
	defer server.Close()
	t.Setenv("UQUDO_CLIENT_ID", "live-id")
	t.Setenv("UQUDO_CLIENT_SECRET", "live-secret")
	t.Setenv("UQUDO_AUTH_URL", server.URL)
	var stdout, stderr bytes.Buffer

	if err := run(&stdout, &stderr, true, 10*time.Second); err != nil {
		t.Fatalf("run: %v", err)
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr = %q, want nothing", stderr.String())
	}
	if !strings.Contains(stdout.String(), "access token: eyJ") {
		t.Errorf("-show-token printed no access token: %q", stdout.String())
	}
	if server.RequestCount() != 1 {
		t.Errorf("server received %d requests, want 1", server.RequestCount())
	}
}

func TestRunWithOneCredential(t *testing.T) {
	t.Setenv("UQUDO_CLIENT_ID", "only-id")
	t.Setenv("UQUDO_CLIENT_SECRET", "")
	var stdout, stderr bytes.Buffer

	if err := run(&stdout, &stderr, false, time.Second); err == nil {
		t.Fatal("run succeeded with only a client id")
	}
}
