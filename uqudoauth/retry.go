package uqudoauth

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cenkalti/backoff/v5"
)

// Defaults of [RetryOptions].
const (
	DefaultMaxAttempts = 4
	DefaultBaseDelay   = 250 * time.Millisecond
	DefaultMaxDelay    = 10 * time.Second
)

// RetryOptions configures how a [Client] retries a token request after a
// transient failure: a network error, a timeout, or status 429, 500, 502,
// 503 or 504. Other failures, 400, 401 and 403 among them, are never
// retried. Zero fields select the defaults.
//
// The wait before retry n (from 1) is drawn uniformly from zero to
// min(MaxDelay, BaseDelay·2^(n-1)), the "full jitter" schedule. A
// Retry-After header in seconds or as an HTTP date replaces the drawn wait,
// capped at MaxDelay. No wait outlasts the caller's context.
type RetryOptions struct {
	// MaxAttempts is the number of attempts, the first one included. Zero
	// means DefaultMaxAttempts, and 1 turns retries off.
	MaxAttempts int

	// BaseDelay is the ceiling of the first wait. Zero means
	// DefaultBaseDelay.
	BaseDelay time.Duration

	// MaxDelay caps every wait, including one set by Retry-After. Zero
	// means DefaultMaxDelay.
	MaxDelay time.Duration
}

func (o RetryOptions) withDefaults() RetryOptions {
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.BaseDelay <= 0 {
		o.BaseDelay = DefaultBaseDelay
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = DefaultMaxDelay
	}
	return o
}

// fullJitter is a backoff.BackOff with the full jitter schedule.
type fullJitter struct {
	base, max time.Duration
	retries   int
}

func (b *fullJitter) NextBackOff() time.Duration {
	ceiling := b.max
	if b.retries < 32 && b.base<<b.retries < b.max {
		ceiling = b.base << b.retries
	}
	b.retries++
	return rand.N(ceiling + 1)
}

func (b *fullJitter) Reset() { b.retries = 0 }

// retryAfterError carries a failed attempt's error together with the wait
// that its Retry-After header requests, in the form backoff.Retry reads.
type retryAfterError struct {
	wait  *backoff.RetryAfterError
	cause error
}

func (e *retryAfterError) Error() string   { return e.cause.Error() }
func (e *retryAfterError) Unwrap() []error { return []error{e.wait, e.cause} }

// retryable marks err for backoff.Retry: permanent, transient, or transient
// with a server-chosen wait.
func (c *Client) retryable(ctx context.Context, err error) error {
	var apiErr *Error
	switch {
	case ctx.Err() != nil, errors.Is(err, ErrResponseTooLarge):
		return backoff.Permanent(err)
	case errors.As(err, &apiErr):
		if !isTransientStatus(apiErr.StatusCode) {
			return backoff.Permanent(err)
		}
		if apiErr.hasRetryAfter {
			wait := min(apiErr.RetryAfter, c.retry.MaxDelay)
			return &retryAfterError{wait: &backoff.RetryAfterError{Duration: wait}, cause: err}
		}
		return err
	case isPermanentNetworkError(err):
		return backoff.Permanent(err)
	default:
		return err
	}
}

// unwrapRetryable undoes the marking of retryable.
func unwrapRetryable(err error) error {
	var marked *retryAfterError
	if errors.As(err, &marked) {
		return marked.cause
	}
	return err
}

func isTransientStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// isPermanentNetworkError reports failures that a retry cannot mend: a
// certificate the client does not trust, or a host name that does not exist.
func isPermanentNetworkError(err error) bool {
	var (
		verifyErr   *tls.CertificateVerificationError
		unknownAuth x509.UnknownAuthorityError
		hostErr     x509.HostnameError
		dnsErr      *net.DNSError
	)
	switch {
	case errors.As(err, &verifyErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr):
		return true
	case errors.As(err, &dnsErr):
		return dnsErr.IsNotFound
	}
	return false
}

// parseRetryAfter reads a Retry-After header given in seconds or as an HTTP
// date. It returns -1 when the header is absent or invalid, and zero for a
// date in the past.
func parseRetryAfter(value string, now time.Time) time.Duration {
	value = strings.TrimSpace(value)
	if value == "" {
		return -1
	}
	if seconds, err := strconv.ParseInt(value, 10, 64); err == nil {
		if seconds < 0 {
			return -1
		}
		return time.Duration(min(seconds, int64(24*time.Hour/time.Second))) * time.Second
	}
	date, err := http.ParseTime(value)
	if err != nil {
		return -1
	}
	return max(date.Sub(now), 0)
}
