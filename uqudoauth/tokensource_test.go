package uqudoauth_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth"
	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth/uqudoauthtest"
)

// rejection is a 401 response, which the Client does not retry.
func rejection() uqudoauthtest.Response {
	return uqudoauthtest.Response{
		Status: http.StatusUnauthorized,
		Header: http.Header{"Content-Type": {"application/json"}},
		Body:   `{"error":"invalid_client","error_description":"Bad client credentials"}`,
	}
}

func TestTokenSourceCachesToken(t *testing.T) {
	f := newSourceFixture(t, nil)

	first := f.token(t)
	second := f.token(t)

	if first != second {
		t.Error("second Token returned another token, want the cached one")
	}
	f.requireRequests(t, 1)
}

func TestTokenSourceCachedPathAllocs(t *testing.T) {
	f := newSourceFixture(t, nil)
	f.token(t)
	ctx := context.Background()

	allocs := testing.AllocsPerRun(100, func() {
		if _, err := f.source.Token(ctx); err != nil {
			t.Fatalf("Token: %v", err)
		}
	})
	if allocs != 0 {
		t.Errorf("cached Token allocates %v times per call, want 0", allocs)
	}
}

func TestTokenSourceSingleFlight(t *testing.T) {
	const callers = 50
	f := newSourceFixture(t, nil)
	f.gate.hold()

	tokens := make(chan *uqudoauth.Token, callers)
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			tok, err := f.source.Token(context.Background())
			if err != nil {
				t.Errorf("Token: %v", err)
			}
			tokens <- tok
		})
	}
	f.gate.awaitRequest(t)
	eventually(t, "every caller to wait for the token request", func() bool {
		return f.source.Waiters() == callers
	})
	f.gate.release()
	wg.Wait()
	close(tokens)

	f.requireRequests(t, 1)
	var first *uqudoauth.Token
	for tok := range tokens {
		if first == nil {
			first = tok
		}
		if tok != first {
			t.Fatal("callers received different tokens from one token request")
		}
	}
}

func TestTokenSourceCallerCancel(t *testing.T) {
	f := newSourceFixture(t, nil)
	f.gate.hold()

	ctx, cancel := context.WithCancel(context.Background())
	cancelled := make(chan error, 1)
	go func() {
		_, err := f.source.Token(ctx)
		cancelled <- err
	}()
	patient := f.tokenAsync(t)

	f.gate.awaitRequest(t)
	eventually(t, "both callers to wait", func() bool { return f.source.Waiters() == 2 })
	cancel()
	if err := <-cancelled; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled caller got %v, want context.Canceled", err)
	}

	f.gate.release()
	if tok := <-patient; tok == nil {
		t.Fatal("patient caller got no token")
	}
	f.requireRequests(t, 1)
}

func TestTokenSourceSchedule(t *testing.T) {
	for _, tc := range []struct {
		name      string
		lifetime  time.Duration
		options   uqudoauth.TokenSourceOptions
		refreshIn time.Duration // from the response to the background refresh
		staleIn   time.Duration // from the response to the end of serving
	}{
		{
			name:      "documented 1800 s",
			lifetime:  1800 * time.Second,
			refreshIn: 1800*time.Second - 30*time.Second - 5*time.Minute,
			staleIn:   1800*time.Second - 30*time.Second,
		},
		{
			name:      "observed 1859 s",
			lifetime:  1859 * time.Second,
			refreshIn: 1859*time.Second - 1859*time.Second/60 - 1859*time.Second/6,
			staleIn:   1859*time.Second - 1859*time.Second/60,
		},
		{
			name:      "configured margins",
			lifetime:  1800 * time.Second,
			options:   uqudoauth.TokenSourceOptions{ExpiryMargin: 10 * time.Second, RefreshAhead: time.Minute},
			refreshIn: 1800*time.Second - 10*time.Second - time.Minute,
			staleIn:   1800*time.Second - 10*time.Second,
		},
		{
			name:      "no margins",
			lifetime:  1800 * time.Second,
			options:   uqudoauth.TokenSourceOptions{ExpiryMargin: -1, RefreshAhead: -1},
			refreshIn: 1800 * time.Second,
			staleIn:   1800 * time.Second,
		},
		{
			name:      "margins capped",
			lifetime:  100 * time.Second,
			options:   uqudoauth.TokenSourceOptions{ExpiryMargin: time.Hour, RefreshAhead: time.Hour},
			refreshIn: 25 * time.Second,
			staleIn:   50 * time.Second,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newSourceFixture(t, &tc.options)
			f.server.SetLifetime(tc.lifetime)
			first := f.token(t)

			if got := f.clock.waitForTimer(t).Sub(testNow); got != tc.refreshIn {
				t.Errorf("refresh scheduled %v after the response, want %v", got, tc.refreshIn)
			}

			// Hold the refresh, so that the clock alone decides what
			// Token serves.
			f.gate.hold()
			f.clock.AdvanceTo(testNow.Add(tc.staleIn - time.Nanosecond))
			if tok := f.token(t); tok != first {
				t.Error("Token just before the margin returned a new token")
			}
			f.clock.AdvanceTo(testNow.Add(tc.staleIn))
			fetched := f.tokenAsync(t)
			eventually(t, "Token at the margin to wait for a new token", func() bool {
				return f.source.Waiters() == 1
			})
			f.gate.release()
			if tok := <-fetched; tok == first {
				t.Error("Token at the margin returned the cached token")
			}
		})
	}
}

func TestTokenSourceBackgroundRefresh(t *testing.T) {
	f := newSourceFixture(t, nil)
	first := f.token(t)
	refreshAt := f.clock.waitForTimer(t)

	f.gate.hold()
	f.clock.AdvanceTo(refreshAt)
	f.gate.awaitRequest(t)

	// The refresh is in flight and held, so callers must get the old
	// token at once.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	during, err := f.source.Token(ctx)
	if err != nil {
		t.Fatalf("Token during the refresh: %v", err)
	}
	if during != first {
		t.Error("Token during the refresh returned another token, want the cached one")
	}

	f.gate.release()
	next := f.clock.waitForTimer(t)
	if want := refreshAt.Add(1470 * time.Second); !next.Equal(want) {
		t.Errorf("next refresh at %v, want %v", next, want)
	}
	after := f.token(t)
	if after == first || after.JTI == first.JTI {
		t.Error("Token after the refresh returned the old token")
	}
	f.requireRequests(t, 2)
	if n := f.logs.count("uqudoauth: refresh scheduled"); n != 2 {
		t.Errorf("logged %d refresh schedules, want 2", n)
	}
}

func TestTokenSourceRefreshFailure(t *testing.T) {
	// RefreshAhead is shorter than the first two retry delays together,
	// so exactly two background attempts fail before the token goes stale.
	f := newSourceFixture(t, &uqudoauth.TokenSourceOptions{RefreshAhead: 1200 * time.Millisecond})
	first := f.token(t)
	refreshAt := f.clock.waitForTimer(t)
	staleAt := refreshAt.Add(1200 * time.Millisecond)
	f.server.Enqueue(rejection(), rejection(), rejection())

	f.clock.AdvanceTo(refreshAt)
	retryAt := f.clock.waitForTimer(t)
	f.requireRequests(t, 2)
	if wait := retryAt.Sub(refreshAt); wait < 500*time.Millisecond || wait > time.Second {
		t.Errorf("first retry after %v, want between 500ms and 1s", wait)
	}
	if tok := f.token(t); tok != first {
		t.Error("Token after a failed refresh returned another token, want the cached one")
	}

	f.clock.AdvanceTo(retryAt)
	secondRetryAt := f.clock.waitForTimer(t)
	f.requireRequests(t, 3)
	if wait := secondRetryAt.Sub(retryAt); wait < time.Second || wait > 2*time.Second {
		t.Errorf("second retry after %v, want between 1s and 2s", wait)
	}
	if tok := f.token(t); tok != first {
		t.Error("Token after two failed refreshes returned another token, want the cached one")
	}

	f.clock.AdvanceTo(staleAt)
	_, err := f.source.Token(context.Background())
	if !errors.Is(err, uqudoauth.ErrInvalidCredentials) {
		t.Fatalf("Token with no valid token left: error %v, want ErrInvalidCredentials", err)
	}
	f.requireRequests(t, 4)

	if recovered := f.token(t); recovered == first {
		t.Error("Token after the server recovered returned the expired token")
	}
	f.requireRequests(t, 5)
	if n := f.logs.count("uqudoauth: refresh failed"); n != 2 {
		t.Errorf("logged %d refresh failures, want 2", n)
	}
	if strings.Contains(f.logs.String(), first.AccessToken) {
		t.Error("the log contains an access token")
	}
}

func TestTokenSourceClose(t *testing.T) {
	t.Run("idle", func(t *testing.T) {
		f := newSourceFixture(t, nil)
		f.token(t)
		f.clock.waitForTimer(t)

		if err := f.source.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		requireNoSourceGoroutines(t)
		if _, err := f.source.Token(context.Background()); !errors.Is(err, uqudoauth.ErrClosed) {
			t.Errorf("Token after Close: error %v, want ErrClosed", err)
		}
		if err := f.source.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
	})

	t.Run("request in flight", func(t *testing.T) {
		f := newSourceFixture(t, nil)
		f.gate.hold()
		waiting := make(chan error, 1)
		go func() {
			_, err := f.source.Token(context.Background())
			waiting <- err
		}()
		f.gate.awaitRequest(t)

		if err := f.source.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if err := <-waiting; !errors.Is(err, uqudoauth.ErrClosed) {
			t.Errorf("waiting caller got %v, want ErrClosed", err)
		}
		requireNoSourceGoroutines(t)
	})

	t.Run("retry wait", func(t *testing.T) {
		f := newSourceFixture(t, nil)
		f.token(t)
		f.server.Enqueue(rejection())
		f.clock.AdvanceTo(f.clock.waitForTimer(t))
		f.clock.waitForTimer(t)

		if err := f.source.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		requireNoSourceGoroutines(t)
	})
}

// requireNoSourceGoroutines fails the test when a goroutine of a
// TokenSource is still running. It allows a moment for goroutines that
// have signalled their end to return.
func requireNoSourceGoroutines(t *testing.T) {
	t.Helper()
	eventually(t, "the token source's goroutines to return", func() bool {
		return sourceGoroutines() == 0
	})
}

func TestTokenSourceRedacted(t *testing.T) {
	f := newSourceFixture(t, nil)
	tok := f.token(t)

	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		text := fmt.Sprintf(verb, f.source)
		if strings.Contains(text, tok.AccessToken) {
			t.Errorf("%s of the TokenSource contains the access token", verb)
		}
		if !strings.Contains(text, tok.JTI) {
			t.Errorf("%s of the TokenSource = %s, want the token's jti in it", verb, text)
		}
	}

	var logs strings.Builder
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("source", "source", f.source)
	if strings.Contains(logs.String(), tok.AccessToken) {
		t.Error("the log record of the TokenSource contains the access token")
	}
	if !strings.Contains(logs.String(), tok.JTI) {
		t.Errorf("log record %s lacks the token's jti", logs.String())
	}
}
