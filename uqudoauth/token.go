package uqudoauth

import (
	"fmt"
	"log/slog"
	"time"
)

// Token is an access token for the Uqudo SDKs and the Uqudo API.
//
// Its String, GoString, Format and LogValue methods leave out the access
// token, so printing or logging a Token or *Token shows no token. Read AccessToken
// directly where the token is needed.
type Token struct {
	// AccessToken is the bearer token, a signed JWT.
	AccessToken string

	// TokenType is the type that the server sent, "bearer" in any case.
	TokenType string

	// ExpiresIn is the lifetime that the server granted, as received.
	ExpiresIn time.Duration

	// Expiry is the time the token expires, computed from ExpiresIn when
	// the response arrived.
	Expiry time.Time

	// Scope is the scope string of the response, or empty when absent.
	Scope string

	// JTI is the token's unique id, or empty when absent.
	JTI string
}

// Valid reports whether t holds an access token that has not expired at now.
func (t *Token) Valid(now time.Time) bool {
	return t != nil && t.AccessToken != "" && now.Before(t.Expiry)
}

// String returns a description of the token without the access token.
func (t Token) String() string {
	return fmt.Sprintf("uqudoauth.Token{TokenType: %q, Expiry: %s, Scope: %q, JTI: %q, AccessToken: %s}",
		t.TokenType, t.Expiry.Format(time.RFC3339), t.Scope, t.JTI, redactedOrEmpty(t.AccessToken))
}

// GoString returns the same text as String, so %#v stays redacted.
func (t Token) GoString() string { return t.String() }

// Format writes the redacted description for every verb.
func (t Token) Format(f fmt.State, verb rune) { formatRedacted(f, verb, t.String()) }

// LogValue returns the token's fields for log/slog, without the access token.
func (t Token) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("token_type", t.TokenType),
		slog.Time("expiry", t.Expiry),
		slog.String("scope", t.Scope),
		slog.String("jti", t.JTI),
	)
}
