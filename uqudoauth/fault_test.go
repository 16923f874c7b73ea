package uqudoauth_test

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth"
)

// TestFaultServerOutage takes the token server down for longer than the
// refresh margin but less than the token's life, then brings it back.
func TestFaultServerOutage(t *testing.T) {
	f := newFaultFixture(t)
	first, err := f.source.Token(context.Background())
	if err != nil {
		t.Fatalf("Token: %v", err)
	}
	refreshAt := f.clock.waitForTimer(t)
	staleAt := first.Expiry.Add(-30 * time.Second)

	f.server.SetDown(true)
	f.clock.AdvanceTo(refreshAt)
	before := f.server.RequestCount()

	// While the server is down, every background retry fails and callers
	// keep getting the cached token, until it reaches the expiry margin.
	for retries := 0; ; retries++ {
		next := f.clock.waitForTimer(t)
		if !next.Before(staleAt) {
			break
		}
		f.clock.AdvanceTo(next)
		tok, err := f.source.Token(context.Background())
		if err != nil {
			t.Fatalf("Token during the outage, %v before expiry: %v", first.Expiry.Sub(f.clock.Now()), err)
		}
		if tok != first {
			t.Fatal("Token during the outage returned another token, want the cached one")
		}
		if retries > 100 {
			t.Fatal("more than 100 background retries before the token expired")
		}
	}
	if f.server.RequestCount() == before {
		t.Fatal("no background refresh reached the server during the outage")
	}

	f.clock.AdvanceTo(staleAt)
	_, err = f.source.Token(context.Background())
	if err == nil {
		t.Fatal("Token after expiry with the server down succeeded")
	}
	var urlErr *url.Error
	if !errors.As(err, &urlErr) {
		t.Errorf("error = %v, want the network error of the token request", err)
	}
	var apiErr *uqudoauth.Error
	if errors.As(err, &apiErr) {
		t.Errorf("error = %v, want no *Error: the server sent no response", err)
	}

	f.server.SetDown(false)
	recovered, err := f.source.Token(context.Background())
	if err != nil {
		t.Fatalf("Token after the server came back: %v", err)
	}
	if recovered == first || !recovered.Expiry.After(f.clock.Now()) {
		t.Error("Token after the server came back did not return a new, valid token")
	}
}
