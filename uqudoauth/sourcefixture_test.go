package uqudoauth_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth"
	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth/uqudoauthtest"
)

// sourceFixture is a token server, a Client whose requests pass a gate, and
// a TokenSource on a fake clock that starts at testNow.
type sourceFixture struct {
	server *uqudoauthtest.Server
	clock  *fakeClock
	gate   *gate
	logs   *syncBuffer
	client *uqudoauth.Client
	source *uqudoauth.TokenSource
}

func newSourceFixture(t *testing.T, options *uqudoauth.TokenSourceOptions) *sourceFixture {
	t.Helper()
	clock := newFakeClock(testNow)
	server := uqudoauthtest.NewServer(&uqudoauthtest.Options{Now: clock.Now})
	t.Cleanup(server.Close)

	f := &sourceFixture{server: server, clock: clock, gate: newGate(), logs: &syncBuffer{}}
	logger := slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	client, err := uqudoauth.NewClient(uqudoauthtest.DefaultClientID, uqudoauthtest.DefaultClientSecret,
		&uqudoauth.ClientOptions{
			BaseURL:    server.URL,
			HTTPClient: &http.Client{Transport: f.gate},
			Logger:     logger,
			Now:        clock.Now,
		})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}

	var opts uqudoauth.TokenSourceOptions
	if options != nil {
		opts = *options
	}
	opts.Clock = clock
	f.client = client
	f.source = uqudoauth.NewTokenSource(client, &opts)
	t.Cleanup(func() { _ = f.source.Close() })
	return f
}

// token calls Token with a bounded context and fails the test on error.
func (f *sourceFixture) token(t *testing.T) *uqudoauth.Token {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	tok, err := f.source.Token(ctx)
	if err != nil {
		t.Fatalf("Token: %v", err)
	}
	return tok
}

// tokenAsync calls Token on a new goroutine with no deadline and sends
// the result, nil on error, on the returned channel.
func (f *sourceFixture) tokenAsync(t *testing.T) <-chan *uqudoauth.Token {
	result := make(chan *uqudoauth.Token, 1)
	go func() {
		tok, err := f.source.Token(context.Background())
		if err != nil {
			t.Errorf("Token: %v", err)
		}
		result <- tok
	}()
	return result
}

// requireRequests fails the test unless the server received want requests.
func (f *sourceFixture) requireRequests(t *testing.T, want int) {
	t.Helper()
	if got := f.server.RequestCount(); got != want {
		t.Fatalf("token server received %d requests, want %d", got, want)
	}
}

// gate is an http.RoundTripper in front of http.DefaultTransport that can
// hold requests until the test releases them.
type gate struct {
	entered chan struct{} // receives a value per request that reaches the gate

	mu   sync.Mutex
	open chan struct{} // closed while requests pass
}

func newGate() *gate {
	g := &gate{entered: make(chan struct{}, 1000), open: make(chan struct{})}
	close(g.open)
	return g
}

// hold makes the next requests wait for release, and discards the record of
// requests that reached the gate before.
func (g *gate) hold() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.open = make(chan struct{})
	for len(g.entered) > 0 {
		<-g.entered
	}
}

func (g *gate) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	select {
	case <-g.open:
	default:
		close(g.open)
	}
}

func (g *gate) RoundTrip(req *http.Request) (*http.Response, error) {
	g.entered <- struct{}{}
	g.mu.Lock()
	open := g.open
	g.mu.Unlock()
	select {
	case <-open:
		return http.DefaultTransport.RoundTrip(req)
	case <-req.Context().Done():
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, req.Context().Err()
	}
}

// awaitRequest waits until a request has reached the gate.
func (g *gate) awaitRequest(t *testing.T) {
	t.Helper()
	select {
	case <-g.entered:
	case <-time.After(10 * time.Second):
		t.Fatal("no token request within 10s")
	}
}

// eventually polls cond every millisecond and fails the test when it is
// still false after ten seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("still waiting after 10s for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// sourceGoroutines counts the goroutines that run code of a TokenSource.
func sourceGoroutines() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for _, stack := range bytes.Split(buf, []byte("\n\n")) {
		if bytes.Contains(stack, []byte("uqudoauth.(*TokenSource)")) {
			count++
		}
	}
	return count
}

// syncBuffer is a bytes.Buffer that a logger and a test can share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// count returns how many lines contain s.
func (b *syncBuffer) count(s string) int {
	return strings.Count(b.String(), s)
}
