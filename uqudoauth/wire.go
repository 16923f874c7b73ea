package uqudoauth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

const (
	// DefaultLifetime is the lifetime given to a token whose response has
	// no expires_in and whose JWT has no usable exp claim.
	DefaultLifetime = time.Minute

	// MaxLifetime caps the lifetime taken from a response. A larger
	// expires_in is accepted but cut to MaxLifetime, so a wrong value never
	// keeps a token cached for long.
	MaxLifetime = 24 * time.Hour
)

// wireToken is the JSON body of a 200 token response, decoded leniently:
// expires_in may be a number or a numeric string, and scope a string or an
// array of strings.
type wireToken struct {
	AccessToken *string         `json:"access_token"`
	TokenType   *string         `json:"token_type"`
	ExpiresIn   json.RawMessage `json:"expires_in"`
	Scope       json.RawMessage `json:"scope"`
	JTI         string          `json:"jti"`
	Error       string          `json:"error"`
}

// token checks the decoded fields and builds a Token. It returns a reason
// instead when a field breaks the contract.
func (w *wireToken) token(received time.Time) (*Token, string) {
	if w.AccessToken == nil {
		return nil, "access_token is missing"
	}
	if strings.TrimSpace(*w.AccessToken) == "" {
		return nil, "access_token is empty"
	}
	if w.TokenType == nil {
		return nil, "token_type is missing"
	}
	if !strings.EqualFold(*w.TokenType, "bearer") {
		return nil, fmt.Sprintf("token_type %q is not bearer", *w.TokenType)
	}
	scope, ok := decodeScope(w.Scope)
	if !ok {
		return nil, "scope is neither a string nor an array of strings"
	}

	lifetime, problem := w.lifetime(received)
	if problem != "" {
		return nil, problem
	}
	return &Token{
		AccessToken: *w.AccessToken,
		TokenType:   *w.TokenType,
		ExpiresIn:   lifetime,
		Expiry:      received.Add(lifetime),
		Scope:       scope,
		JTI:         w.JTI,
	}, ""
}

// lifetime returns the token's lifetime from expires_in, or from the JWT's
// exp claim when expires_in is absent, or DefaultLifetime.
func (w *wireToken) lifetime(received time.Time) (time.Duration, string) {
	raw := bytes.TrimSpace(w.ExpiresIn)
	if len(raw) == 0 || string(raw) == "null" {
		return lifetimeFromClaims(*w.AccessToken, received)
	}

	seconds, ok := parseSeconds(raw)
	if !ok {
		return 0, fmt.Sprintf("expires_in %s is not a number of seconds", truncate(string(raw), 40))
	}
	if seconds <= 0 {
		return 0, fmt.Sprintf("expires_in %s is not positive", truncate(string(raw), 40))
	}
	if seconds >= MaxLifetime.Seconds() {
		return MaxLifetime, ""
	}
	return time.Duration(seconds * float64(time.Second)), ""
}

func lifetimeFromClaims(accessToken string, received time.Time) (time.Duration, string) {
	claims, err := ParseClaims(accessToken)
	if err != nil || claims.ExpiresAt.IsZero() {
		return DefaultLifetime, ""
	}
	lifetime := claims.ExpiresAt.Sub(received)
	if lifetime <= 0 {
		return 0, "expires_in is missing and the token's exp claim has passed"
	}
	return min(lifetime, MaxLifetime), ""
}

// parseSeconds accepts a JSON number or a JSON string holding a number.
func parseSeconds(raw []byte) (float64, bool) {
	text := string(raw)
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &text); err != nil {
			return 0, false
		}
		text = strings.TrimSpace(text)
	}
	seconds, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsNaN(seconds) || math.IsInf(seconds, 0) {
		return 0, false
	}
	return seconds, true
}

// decodeScope returns a string scope as is and joins an array with spaces.
func decodeScope(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", true
	}
	var scope string
	if json.Unmarshal(raw, &scope) == nil {
		return scope, true
	}
	var scopes []string
	if json.Unmarshal(raw, &scopes) == nil {
		return strings.Join(scopes, " "), true
	}
	return "", false
}

func truncate(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	return s[:limit] + "…"
}
