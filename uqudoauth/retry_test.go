package uqudoauth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth"
	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth/uqudoauthtest"
)

// newRetryClient returns a client of server that logs JSON records to logs.
func newRetryClient(t *testing.T, server *uqudoauthtest.Server, retry uqudoauth.RetryOptions, logs *bytes.Buffer) *uqudoauth.Client {
	t.Helper()
	client, err := uqudoauth.NewClient(uqudoauthtest.DefaultClientID, uqudoauthtest.DefaultClientSecret,
		&uqudoauth.ClientOptions{
			BaseURL: server.URL,
			Retry:   retry,
			Logger:  slog.New(slog.NewJSONHandler(logs, nil)),
		})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return client
}

// retryWaits returns the wait of each retry record in logs.
func retryWaits(t *testing.T, logs *bytes.Buffer) []time.Duration {
	t.Helper()
	var waits []time.Duration
	for _, line := range bytes.Split(bytes.TrimSpace(logs.Bytes()), []byte("\n")) {
		var record struct {
			Msg  string        `json:"msg"`
			Wait time.Duration `json:"wait"`
		}
		if err := json.Unmarshal(line, &record); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if record.Msg == "uqudoauth: retrying token request" {
			waits = append(waits, record.Wait)
		}
	}
	return waits
}

func TestRetryAfterCapped(t *testing.T) {
	server := uqudoauthtest.NewServer(nil)
	defer server.Close()
	server.Enqueue(uqudoauthtest.Response{Status: 503, Header: http.Header{"Retry-After": {"120"}}})
	var logs bytes.Buffer
	client := newRetryClient(t, server, uqudoauth.RetryOptions{MaxDelay: 5 * time.Millisecond}, &logs)

	if _, err := client.Token(context.Background()); err != nil {
		t.Fatalf("Token: %v", err)
	}
	waits := retryWaits(t, &logs)
	if len(waits) != 1 {
		t.Fatalf("logged %d retries, want 1", len(waits))
	}
	if waits[0] != 5*time.Millisecond {
		t.Errorf("wait = %v, want the 5ms cap", waits[0])
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	server := uqudoauthtest.NewServer(nil)
	defer server.Close()
	server.Enqueue(uqudoauthtest.Response{Status: 429, Header: http.Header{"Retry-After": {"1"}}})
	var logs bytes.Buffer
	client := newRetryClient(t, server, uqudoauth.RetryOptions{BaseDelay: time.Millisecond}, &logs)

	if _, err := client.Token(context.Background()); err != nil {
		t.Fatalf("Token: %v", err)
	}
	waits := retryWaits(t, &logs)
	if len(waits) != 1 || waits[0] != time.Second {
		t.Errorf("waits = %v, want [1s] from Retry-After", waits)
	}
}

func TestRetryJitterWithinCeiling(t *testing.T) {
	server := uqudoauthtest.NewServer(nil)
	defer server.Close()
	server.Enqueue(
		uqudoauthtest.Response{Status: 500},
		uqudoauthtest.Response{Status: 502},
		uqudoauthtest.Response{Status: 504},
	)
	var logs bytes.Buffer
	retry := uqudoauth.RetryOptions{BaseDelay: 2 * time.Millisecond, MaxDelay: 5 * time.Millisecond}
	client := newRetryClient(t, server, retry, &logs)

	if _, err := client.Token(context.Background()); err != nil {
		t.Fatalf("Token: %v", err)
	}
	ceilings := []time.Duration{2 * time.Millisecond, 4 * time.Millisecond, 5 * time.Millisecond}
	waits := retryWaits(t, &logs)
	if len(waits) != len(ceilings) {
		t.Fatalf("logged %d retries, want %d", len(waits), len(ceilings))
	}
	for i, wait := range waits {
		if wait < 0 || wait > ceilings[i] {
			t.Errorf("wait %d = %v, want within [0, %v]", i+1, wait, ceilings[i])
		}
	}
}

func TestRetryStopsAtContextEnd(t *testing.T) {
	server := uqudoauthtest.NewServer(nil)
	defer server.Close()
	server.Enqueue(uqudoauthtest.Response{Status: 503, Header: http.Header{"Retry-After": {"30"}}})
	var logs bytes.Buffer
	client := newRetryClient(t, server, uqudoauth.RetryOptions{MaxDelay: time.Minute}, &logs)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()

	_, err := client.Token(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error = %v, want context.DeadlineExceeded", err)
	}
	if !errors.Is(err, uqudoauth.ErrUnexpectedStatus) {
		t.Errorf("error = %v, want it to carry the last 503", err)
	}
	if got := server.RequestCount(); got != 1 {
		t.Errorf("server received %d requests, want 1", got)
	}
}

func TestNoRetryOnClientErrors(t *testing.T) {
	for _, status := range []int{400, 401, 403} {
		server := uqudoauthtest.NewServer(nil)
		server.Enqueue(uqudoauthtest.Response{Status: status})
		var logs bytes.Buffer
		client := newRetryClient(t, server, uqudoauth.RetryOptions{BaseDelay: time.Millisecond}, &logs)

		if _, err := client.Token(context.Background()); err == nil {
			t.Errorf("status %d: Token succeeded", status)
		}
		if got := server.RequestCount(); got != 1 {
			t.Errorf("status %d: server received %d requests, want 1", status, got)
		}
		server.Close()
	}
}

func TestRedirectNotFollowed(t *testing.T) {
	target := uqudoauthtest.NewServer(nil)
	defer target.Close()
	server := uqudoauthtest.NewServer(nil)
	defer server.Close()
	location := target.URL + "/api/oauth/token"
	server.Enqueue(uqudoauthtest.Response{Status: 307, Header: http.Header{"Location": {location}}})
	var logs bytes.Buffer
	client := newRetryClient(t, server, uqudoauth.RetryOptions{}, &logs)

	_, err := client.Token(context.Background())
	var apiErr *uqudoauth.Error
	if !errors.Is(err, uqudoauth.ErrRedirect) || !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want ErrRedirect", err)
	}
	if apiErr.Location != location {
		t.Errorf("Location = %q, want %q", apiErr.Location, location)
	}
	if got := target.RequestCount(); got != 0 {
		t.Errorf("the redirect target received %d requests, want 0", got)
	}
}

func TestDefaultAttemptTimeout(t *testing.T) {
	server := uqudoauthtest.NewServer(nil)
	defer server.Close()
	server.Enqueue(uqudoauthtest.Response{Delay: time.Minute})
	client, err := uqudoauth.NewClient(uqudoauthtest.DefaultClientID, uqudoauthtest.DefaultClientSecret,
		&uqudoauth.ClientOptions{
			BaseURL:        server.URL,
			HTTPClient:     &http.Client{},
			AttemptTimeout: 50 * time.Millisecond,
			Retry:          uqudoauth.RetryOptions{BaseDelay: time.Millisecond},
		})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}

	if _, err := client.Token(context.Background()); err != nil {
		t.Fatalf("Token after a hung attempt: %v", err)
	}
	if got := server.RequestCount(); got != 2 {
		t.Errorf("server received %d requests, want 2: the hung one and the retry", got)
	}
}
