package uqudoauth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// ErrClosed means the [TokenSource] was closed, so it serves no token.
var ErrClosed = errors.New("uqudoauth: token source closed")

// TokenSourceOptions configures a [TokenSource]. The zero value, and a nil
// pointer, select the defaults.
type TokenSourceOptions struct {
	// ExpiryMargin is the time before Token.Expiry at which the source
	// stops serving a token, so that a request carrying it still reaches
	// the API in time. Zero means a sixtieth of the lifetime that the server sent
	// in expires_in: 30 s for the documented 1800 s. A negative value means
	// no margin. The margin is capped at half the lifetime.
	ExpiryMargin time.Duration

	// RefreshAhead is the time before a token stops being served at which
	// the background refresh starts. Zero means a sixth of the token's
	// lifetime: 5 minutes for 1800 s. A negative value means the refresh
	// starts only when the token stops being served, so callers then wait
	// for it. It is capped at half of the lifetime left after ExpiryMargin.
	RefreshAhead time.Duration

	// Clock reads the time and creates the timers of background refreshes.
	// Nil means the system clock. The Client computes Token.Expiry with
	// its own clock, so a test that sets Clock sets ClientOptions.Now to
	// the same clock's Now.
	Clock Clock
}

// TokenSource caches the access token of a [Client] and refreshes it in the
// background before it expires. It is safe for concurrent use, and
// [TokenSource.Token] is meant to be called before every use of a token.
//
// Reading a cached token takes no lock and allocates nothing. When no valid
// token is cached, concurrent callers share one token request. A background
// goroutine replaces the token ahead of expiry while callers keep getting
// the old one, and it retries a failed refresh with capped exponential
// backoff. Callers see an error only once no valid token is left.
//
// Call [TokenSource.Close] to stop the background goroutine.
type TokenSource struct {
	client       *Client
	clock        Clock
	until        func(time.Time) time.Duration // the time left until t on clock
	expiryMargin time.Duration
	refreshAhead time.Duration
	logger       *slog.Logger

	current atomic.Pointer[cachedToken]
	closed  atomic.Bool

	// waiters counts the callers waiting for a token request. Tests read
	// it to know that every caller has joined the request.
	waiters atomic.Int64

	// wake receives a value whenever a new token is stored, so that the
	// refresh goroutine reschedules.
	wake chan struct{}

	// life ends at Close. Token requests run under it, not under a
	// caller's context, because they are shared by many callers.
	life context.Context
	stop context.CancelFunc

	// mu guards flight and orders the start of a token request with
	// Close, so that Close waits for every request that started before it.
	mu         sync.Mutex
	flight     *flight // the token request in progress, or nil
	goroutines sync.WaitGroup
}

// cachedToken is a token with the times that the source acts on.
type cachedToken struct {
	token     *Token
	fetchedAt time.Time
	refreshAt time.Time // the background refresh starts
	staleAt   time.Time // the token is no longer served
}

// NewTokenSource returns a TokenSource that gets its tokens from client and
// starts its background goroutine. Options may be nil. It fetches no token
// until the first call to [TokenSource.Token]. It panics if client is nil.
func NewTokenSource(client *Client, options *TokenSourceOptions) *TokenSource {
	if client == nil {
		panic("uqudoauth: NewTokenSource called with a nil Client")
	}
	if options == nil {
		options = &TokenSourceOptions{}
	}
	s := &TokenSource{
		client:       client,
		clock:        options.Clock,
		expiryMargin: options.ExpiryMargin,
		refreshAhead: options.RefreshAhead,
		logger:       client.logger,
		wake:         make(chan struct{}, 1),
	}
	if s.clock == nil {
		// time.Until reads only the monotonic clock when its argument has
		// a monotonic reading, as expiries from the system clock do, so
		// it costs less than time.Now on the cached path.
		s.clock, s.until = systemClock{}, time.Until
	} else {
		s.until = func(t time.Time) time.Duration { return t.Sub(s.clock.Now()) }
	}
	s.life, s.stop = context.WithCancel(context.Background())

	s.goroutines.Add(1)
	go s.refreshLoop()
	return s
}

// Token returns a valid access token. It returns the cached token while it
// is valid, and otherwise waits for a new one, which concurrent callers
// share. When ctx ends first, Token returns its error, and the token
// request goes on for the other callers.
//
// The returned Token is shared with other callers: do not modify it. After
// [TokenSource.Close], Token returns [ErrClosed].
func (s *TokenSource) Token(ctx context.Context) (*Token, error) {
	c, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	return c.token, nil
}

// load returns the cached token while it is valid, and otherwise waits for
// a new one.
func (s *TokenSource) load(ctx context.Context) (*cachedToken, error) {
	c := s.current.Load()
	if c != nil && !s.closed.Load() && s.until(c.staleAt) > 0 {
		return c, nil
	}
	return s.await(ctx)
}

// await joins the shared token request, starting it if none is running.
func (s *TokenSource) await(ctx context.Context) (*cachedToken, error) {
	s.waiters.Add(1)
	defer s.waiters.Add(-1)

	f := s.join()
	select {
	case <-f.done:
		return f.result, f.err
	case <-ctx.Done():
		return nil, fmt.Errorf("uqudoauth: waiting for a token: %w", ctx.Err())
	}
}

// Close stops the background refresh, cancels a token request in flight and
// waits until the source's goroutines have returned. Token then returns
// [ErrClosed]. Close always returns nil, and calling it again does nothing.
func (s *TokenSource) Close() error {
	s.mu.Lock()
	s.closed.Store(true)
	s.mu.Unlock()

	s.stop()
	s.goroutines.Wait()
	return nil
}

// String returns a description of the source and its cached token, without
// the access token.
func (s *TokenSource) String() string {
	c := s.current.Load()
	if c == nil {
		return fmt.Sprintf("uqudoauth.TokenSource{ClientID: %q, Token: none}", s.client.clientID)
	}
	return fmt.Sprintf("uqudoauth.TokenSource{ClientID: %q, Token: %s}", s.client.clientID, c.token)
}

// GoString returns the same text as String, so %#v stays redacted.
func (s *TokenSource) GoString() string { return s.String() }

// Format writes the redacted description for every verb.
func (s *TokenSource) Format(f fmt.State, verb rune) { formatRedacted(f, verb, s.String()) }

// LogValue returns the client id and the cached token's fields for
// log/slog, without the access token.
func (s *TokenSource) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("client_id", s.client.clientID)}
	if c := s.current.Load(); c != nil {
		attrs = append(attrs, slog.Any("token", *c.token))
	}
	return slog.GroupValue(attrs...)
}
