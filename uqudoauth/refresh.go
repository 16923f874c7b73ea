package uqudoauth

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"time"
)

// Waits between attempts of a failed background refresh. The n-th wait is
// drawn from [d/2, d] with d = min(minRetryDelay·2^(n-1), maxRetryDelay),
// so that many processes that failed together do not retry together.
const (
	minRetryDelay = time.Second
	maxRetryDelay = 30 * time.Second
)

// minRenewAge is the minimum age of a token that a 401 from the API
// replaces. An API that rejects every token, for example for a missing scope,
// then costs one token request per minRenewAge instead of one per call.
const minRenewAge = 10 * time.Second

// schedule computes when tok is refreshed and when it stops being served.
// The margins scale with the lifetime the server sent, never a constant:
// Uqudo documents 1800 s, but live tokens have lasted 1859 s.
func (s *TokenSource) schedule(tok *Token, now time.Time) *cachedToken {
	lifetime := tok.ExpiresIn
	margin := min(durationOr(s.expiryMargin, lifetime/60), lifetime/2)
	ahead := min(durationOr(s.refreshAhead, lifetime/6), (lifetime-margin)/2)

	staleAt := tok.Expiry.Add(-margin)
	return &cachedToken{
		token:     tok,
		fetchedAt: now,
		refreshAt: staleAt.Add(-ahead),
		staleAt:   staleAt,
	}
}

// durationOr returns configured, fallback when configured is zero, and
// zero when configured is negative.
func durationOr(configured, fallback time.Duration) time.Duration {
	switch {
	case configured < 0:
		return 0
	case configured == 0:
		return fallback
	}
	return configured
}

// refreshLoop replaces the cached token at its refresh time until Close.
// While no valid token is cached it idles, because callers then fetch one
// themselves.
func (s *TokenSource) refreshLoop() {
	defer s.goroutines.Done()

	var failures int
	var failed *cachedToken
	for {
		// Drain the wake-up first, so that the Load below reads every
		// token stored before it and a later store ends the sleep below.
		select {
		case <-s.wake:
		default:
		}
		c := s.current.Load()
		if c != failed {
			failures = 0
		}

		now := s.clock.Now()
		var delay time.Duration
		switch {
		case c == nil || !now.Before(c.staleAt):
			delay = -1
		case now.Before(c.refreshAt):
			delay = c.refreshAt.Sub(now)
		default:
			closed, err := s.refresh()
			if closed {
				return
			}
			if err == nil {
				continue
			}
			failures++
			failed = c
			delay = retryDelay(failures)
			s.logRefreshFailed(c, err, failures, delay)
		}
		if !s.sleep(delay) {
			return
		}
	}
}

// refresh waits for a token request, started now unless one is in flight,
// and returns its error. It reports closed when Close ended the wait.
func (s *TokenSource) refresh() (closed bool, err error) {
	f := s.join()
	select {
	case <-f.done:
	case <-s.life.Done():
		return true, nil
	}
	return s.closed.Load(), f.err
}

// sleep waits for d, or until a new token is stored, and returns false when
// Close ends the wait. A negative d waits for a new token only.
func (s *TokenSource) sleep(d time.Duration) bool {
	var fired <-chan time.Time
	if d >= 0 {
		timer := s.clock.NewTimer(d)
		defer timer.Stop()
		fired = timer.C()
	}
	select {
	case <-fired:
		return true
	case <-s.wake:
		return true
	case <-s.life.Done():
		return false
	}
}

// retryDelay returns the wait after the given number of consecutive
// failures.
func retryDelay(failures int) time.Duration {
	d := maxRetryDelay
	if failures < 16 {
		d = min(minRetryDelay<<(failures-1), maxRetryDelay)
	}
	return d/2 + rand.N(d/2+1)
}

// renew returns the token to retry with after the API rejected stale with
// status 401. That is a new token when drop removed stale, and otherwise
// the cached token, which is stale itself when stale was too young to drop.
func (s *TokenSource) renew(ctx context.Context, stale *Token) (*Token, error) {
	s.drop(stale)
	return s.Token(ctx)
}

// drop removes stale from the cache when it is still cached and at least
// minRenewAge old, so that the next caller fetches a new token.
func (s *TokenSource) drop(stale *Token) {
	c := s.current.Load()
	if c == nil || c.token != stale || s.clock.Now().Sub(c.fetchedAt) < minRenewAge {
		return
	}
	if s.current.CompareAndSwap(c, nil) && s.logger != nil {
		s.logger.LogAttrs(context.Background(), slog.LevelInfo,
			"uqudoauth: token rejected by the API, fetching a new one",
			slog.String("client_id", s.client.clientID),
			slog.String("jti", stale.JTI),
		)
	}
}

func (s *TokenSource) logScheduled(c *cachedToken) {
	if s.logger == nil {
		return
	}
	s.logger.LogAttrs(context.Background(), slog.LevelDebug, "uqudoauth: refresh scheduled",
		slog.String("client_id", s.client.clientID),
		slog.String("jti", c.token.JTI),
		slog.Time("refresh_at", c.refreshAt),
		slog.Time("stale_at", c.staleAt),
	)
}

// logRefreshFailed records a failed background refresh. The error texts of
// this package carry no secret and no token.
func (s *TokenSource) logRefreshFailed(c *cachedToken, err error, failures int, retryIn time.Duration) {
	if s.logger == nil {
		return
	}
	s.logger.LogAttrs(context.Background(), slog.LevelWarn, "uqudoauth: refresh failed",
		slog.String("client_id", s.client.clientID),
		slog.String("error", err.Error()),
		slog.Int("failures", failures),
		slog.Duration("retry_in", retryIn),
		slog.String("served_jti", c.token.JTI),
		slog.Time("stale_at", c.staleAt),
	)
}
