package uqudoauth

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinel errors for the classes of failure that callers branch on. Match
// them with [errors.Is].
var (
	// ErrInvalidCredentials means the server rejected the client id or the
	// client secret: status 401, or an OAuth error code of invalid_client or
	// unauthorized.
	ErrInvalidCredentials = errors.New("uqudoauth: invalid client credentials")

	// ErrInvalidResponse means the server sent a response that breaks the
	// documented contract: a wrong content type, malformed JSON, a missing or
	// empty access_token, a token type other than bearer, or an expires_in
	// that is not a positive number of seconds.
	ErrInvalidResponse = errors.New("uqudoauth: invalid token response")

	// ErrUnexpectedStatus means the server responded with a status other
	// than 200 that no more specific class covers.
	ErrUnexpectedStatus = errors.New("uqudoauth: unexpected status")

	// ErrInvalidInput means a value given to this package is unusable, such
	// as an empty client id. No request was sent.
	ErrInvalidInput = errors.New("uqudoauth: invalid input")
)

// Error describes a token response that did not yield a token. Use
// [errors.As] to read its fields and [errors.Is] with a sentinel such as
// [ErrInvalidCredentials] to branch on its class.
type Error struct {
	// StatusCode is the HTTP status of the response.
	StatusCode int

	// Code, Description and URI are the RFC 6749 error, error_description
	// and error_uri fields of the body, or empty when the body has none.
	Code        string
	Description string
	URI         string

	// Reason names the part of the response that broke the contract, for ErrInvalidResponse, and is
	// empty otherwise.
	Reason string

	// Location is the Location header of a redirect, for ErrRedirect.
	Location string

	// RetryAfter is the wait that a Retry-After header asked for, capped at
	// 24 hours, and zero when the response had none.
	RetryAfter time.Duration

	// Body is a short, printable excerpt of the response body, with the
	// client secret and anything shaped like a JWT replaced by [REDACTED].
	Body string

	kind          error
	hasRetryAfter bool
}

// Error returns a one-line description. Its wording is not stable, so
// compare errors with [errors.Is] and [errors.As] instead.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.kind.Error())
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": status %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	}
	if e.Location != "" {
		fmt.Fprintf(&b, ": to %q", e.Location)
	}
	if e.Reason != "" {
		fmt.Fprintf(&b, ": %s", e.Reason)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, ": %s", e.Code)
		if e.Description != "" {
			fmt.Fprintf(&b, " (%s)", e.Description)
		}
	}
	if e.Body != "" && e.Code == "" {
		fmt.Fprintf(&b, ": body %q", e.Body)
	}
	return b.String()
}

// Is reports whether target is the sentinel of the error's class.
func (e *Error) Is(target error) bool { return target == e.kind }

// Unwrap returns the sentinel of the error's class.
func (e *Error) Unwrap() error { return e.kind }

func invalidInput(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidInput, fmt.Sprintf(format, args...))
}

// Sentinel errors for hard faults of the token server or the network path to
// it.
var (
	// ErrResponseTooLarge means the response body exceeded the limit of
	// MaxResponseBytes. The body was not parsed.
	ErrResponseTooLarge = errors.New("uqudoauth: response too large")

	// ErrRedirect means the token server responded with a redirect.
	// Token requests never follow redirects, so the client secret reaches
	// no second server. The target is in [Error.Location].
	ErrRedirect = errors.New("uqudoauth: unexpected redirect")
)
