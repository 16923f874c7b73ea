package uqudoauth_test

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth"
	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth/uqudoauthtest"
)

// faultFixture is a token source on a fake clock whose client retries after
// a millisecond, so that tests can script failing servers without waiting.
type faultFixture struct {
	server *uqudoauthtest.Server
	clock  *fakeClock
	source *uqudoauth.TokenSource
}

func newFaultFixture(t *testing.T) *faultFixture {
	t.Helper()
	clock := newFakeClock(testNow)
	server := uqudoauthtest.NewServer(&uqudoauthtest.Options{Now: clock.Now})
	t.Cleanup(server.Close)

	client, err := uqudoauth.NewClient(uqudoauthtest.DefaultClientID, uqudoauthtest.DefaultClientSecret,
		&uqudoauth.ClientOptions{
			BaseURL: server.URL,
			Retry:   uqudoauth.RetryOptions{BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond},
			Now:     clock.Now,
		})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	source := uqudoauth.NewTokenSource(client, &uqudoauth.TokenSourceOptions{Clock: clock})
	t.Cleanup(func() { _ = source.Close() })
	return &faultFixture{server: server, clock: clock, source: source}
}

// scriptedToken is a 200 response with a token named name, sent after delay.
func scriptedToken(name string, delay time.Duration) uqudoauthtest.Response {
	r := jsonResponse(`{"access_token":"` + name + `","token_type":"bearer","expires_in":1800}`)
	r.Delay = delay
	return r
}

// allCallers runs Token in n goroutines at once and fails the test on any
// error or on a token that had expired before the call. It returns the
// distinct access tokens served.
func (f *faultFixture) allCallers(t *testing.T, n int) map[string]bool {
	t.Helper()
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		served = map[string]bool{}
		failed atomic.Int64
	)
	for range n {
		wg.Go(func() {
			before := f.clock.Now()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			tok, err := f.source.Token(ctx)
			if err != nil || !tok.Expiry.After(before) {
				failed.Add(1)
				return
			}
			mu.Lock()
			served[tok.AccessToken] = true
			mu.Unlock()
		})
	}
	wg.Wait()
	if got := failed.Load(); got > 0 {
		t.Fatalf("%d of %d callers got an error or an expired token", got, n)
	}
	return served
}

// awaitToken waits until the source serves the token named name.
func (f *faultFixture) awaitToken(t *testing.T, name string) {
	t.Helper()
	eventually(t, "token "+name, func() bool {
		tok, err := f.source.Token(context.Background())
		return err == nil && tok.AccessToken == name
	})
}

// TestLoadAcrossLifetimes runs 1,000 callers through several token
// lifetimes while the server fails three of every eight requests and stalls
// others. No caller may see an error while an unexpired token exists, and
// failures must cost one retry, not one per waiting caller.
func TestLoadAcrossLifetimes(t *testing.T) {
	const callers = 1000
	const lifetimes = 4
	f := newFaultFixture(t)
	stall := 20 * time.Millisecond
	requests := 0

	// A cold start: every caller waits for one request, which fails once.
	f.server.Enqueue(withStatus(http.StatusServiceUnavailable, "", ""), scriptedToken("token-0", stall))
	requests += 2
	if served := f.allCallers(t, callers); len(served) != 1 || !served["token-0"] {
		t.Fatalf("cold callers got tokens %v, want only token-0", served)
	}
	f.requireServerRequests(t, requests)

	for life := 1; life <= lifetimes; life++ {
		name := "token-" + strconv.Itoa(life)
		if life%2 == 0 {
			f.server.Enqueue(uqudoauthtest.Response{Drop: true}, scriptedToken(name, stall))
			requests += 2
		} else {
			f.server.Enqueue(scriptedToken(name, stall))
			requests++
		}

		f.clock.AdvanceTo(f.clock.waitForTimer(t))
		f.allCallers(t, callers)
		f.awaitToken(t, name)
		if served := f.allCallers(t, callers); len(served) != 1 || !served[name] {
			t.Fatalf("lifetime %d: callers got tokens %v, want only %s", life, served, name)
		}
		f.requireServerRequests(t, requests)
	}

	// The refresh is skipped: the clock jumps past the margin, so every
	// caller waits, and the shared request fails once before it succeeds.
	f.server.Enqueue(withStatus(http.StatusBadGateway, "", ""), scriptedToken("token-last", stall))
	requests += 2
	f.clock.Advance(time.Hour)
	if served := f.allCallers(t, callers); len(served) != 1 || !served["token-last"] {
		t.Fatalf("callers after expiry got tokens %v, want only token-last", served)
	}
	f.requireServerRequests(t, requests)
	t.Logf("%d callers over %d lifetimes made %d upstream requests", callers, lifetimes+2, requests)

	if err := f.source.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	eventually(t, "the token source's goroutines to end", func() bool { return sourceGoroutines() == 0 })
}

func (f *faultFixture) requireServerRequests(t *testing.T, want int) {
	t.Helper()
	if got := f.server.RequestCount(); got != want {
		t.Fatalf("server received %d requests, want %d", got, want)
	}
}
