package uqudoauth

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"
)

// OAuth2TokenSource returns s as an [oauth2.TokenSource], for code built on
// golang.org/x/oauth2 such as [oauth2.Transport].
//
// The tokens it returns have TokenType "Bearer", Expiry set to the time s
// stops serving the token (ExpiryMargin before the token's own expiry), and
// the response's scope and jti as Extra values. They are shared between
// callers, so do not modify them. Because [oauth2.TokenSource] takes no
// context, a caller that finds no valid token waits for the token request
// without a deadline of its own. That request is still bounded by the
// Client's HTTP timeout.
func (s *TokenSource) OAuth2TokenSource() oauth2.TokenSource {
	return &oauth2Source{source: s}
}

// oauth2Source converts each token once and then returns the converted one
// for as long as s serves the same token, so the cached path allocates
// nothing.
type oauth2Source struct {
	source *TokenSource
	last   atomic.Pointer[convertedToken]
}

type convertedToken struct {
	from *Token
	to   *oauth2.Token
}

// Token returns the source's token in the form of package oauth2.
func (o *oauth2Source) Token() (*oauth2.Token, error) {
	c, err := o.source.load(context.Background())
	if err != nil {
		return nil, err
	}
	if last := o.last.Load(); last != nil && last.from == c.token {
		return last.to, nil
	}

	converted := &oauth2.Token{
		AccessToken: c.token.AccessToken,
		TokenType:   "Bearer",
		Expiry:      c.staleAt,
		ExpiresIn:   int64(c.token.ExpiresIn / time.Second),
	}
	converted = converted.WithExtra(map[string]any{
		"scope": c.token.Scope,
		"jti":   c.token.JTI,
	})
	o.last.Store(&convertedToken{from: c.token, to: converted})
	return converted, nil
}

// String returns the description of the underlying TokenSource, without
// the access token.
func (o *oauth2Source) String() string { return o.source.String() }

// GoString returns the same text as String, so %#v stays redacted.
func (o *oauth2Source) GoString() string { return o.source.String() }

// Format writes the redacted description for every verb.
func (o *oauth2Source) Format(f fmt.State, verb rune) {
	formatRedacted(f, verb, o.source.String())
}

// LogValue returns the underlying TokenSource's log value, without the
// access token.
func (o *oauth2Source) LogValue() slog.Value { return o.source.LogValue() }
