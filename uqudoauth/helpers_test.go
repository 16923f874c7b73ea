package uqudoauth_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth"
	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth/uqudoauthtest"
)

// testNow is the fixed time of the tests' clocks.
var testNow = time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)

// fixture is a token server with a client that sends every request through
// a ValidatingTransport, so tests can check each exchange against the spec.
type fixture struct {
	server    *uqudoauthtest.Server
	transport *uqudoauthtest.ValidatingTransport
	client    *uqudoauth.Client
}

func newFixture(t *testing.T, clientID, secret string, serverOptions *uqudoauthtest.Options) *fixture {
	t.Helper()
	if serverOptions == nil {
		serverOptions = &uqudoauthtest.Options{}
	}
	if serverOptions.Now == nil {
		serverOptions.Now = func() time.Time { return testNow }
	}
	server := uqudoauthtest.NewServer(serverOptions)
	t.Cleanup(server.Close)

	transport, err := uqudoauthtest.NewValidatingTransport(nil)
	if err != nil {
		t.Fatalf("NewValidatingTransport: %v", err)
	}
	client, err := uqudoauth.NewClient(clientID, secret, &uqudoauth.ClientOptions{
		BaseURL:    server.URL,
		HTTPClient: &http.Client{Transport: transport},
		Now:        func() time.Time { return testNow },
	})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return &fixture{server: server, transport: transport, client: client}
}

// defaultFixture uses the server's default credentials.
func defaultFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixture(t, uqudoauthtest.DefaultClientID, uqudoauthtest.DefaultClientSecret, nil)
}

// requireValidExchanges fails the test when any request or response that
// passed through the fixture's transport broke the contract.
func (f *fixture) requireValidExchanges(t *testing.T) {
	t.Helper()
	exchanges := f.transport.Exchanges()
	if len(exchanges) == 0 {
		t.Fatal("no exchange passed through the validating transport")
	}
	for i, ex := range exchanges {
		if ex.RequestError != nil {
			t.Errorf("exchange %d: request breaks the spec: %v", i, ex.RequestError)
		}
		if ex.ResponseError != nil {
			t.Errorf("exchange %d: response breaks the spec: %v", i, ex.ResponseError)
		}
	}
}
