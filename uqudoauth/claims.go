package uqudoauth

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// Claims are the payload claims of a Uqudo access token.
//
// ParseClaims does not verify the token's signature, so use Claims only to
// read the claims the token makes about itself, such as its scopes, and never to
// make a decision about trust.
type Claims struct {
	// Issuer is the iss claim, https://auth.uqudo.io on Uqudo's tokens.
	Issuer string

	// Subject and ClientID are the sub and client_id claims. Uqudo tokens
	// belong to the tenant, not to an end user.
	Subject  string
	ClientID string

	// Audience is the aud claim.
	Audience []string

	// JTI is the token's unique id.
	JTI string

	// Scope lists the capabilities granted, such as KYC_SCAN_SDK.
	Scope []string

	// ExpiresAt, IssuedAt and NotBefore are the exp, iat and nbf claims,
	// zero when absent.
	ExpiresAt time.Time
	IssuedAt  time.Time
	NotBefore time.Time
}

// ErrMalformedToken means an access token is not a JWT in compact form.
var ErrMalformedToken = errors.New("uqudoauth: malformed access token")

type wireClaims struct {
	Issuer    string          `json:"iss"`
	Subject   string          `json:"sub"`
	Audience  json.RawMessage `json:"aud"`
	ClientID  string          `json:"client_id"`
	JTI       string          `json:"jti"`
	Scope     json.RawMessage `json:"scope"`
	ExpiresAt json.Number     `json:"exp"`
	IssuedAt  json.Number     `json:"iat"`
	NotBefore json.Number     `json:"nbf"`
}

// ParseClaims decodes the payload of a JWT access token without verifying
// its signature. Scope and aud may each be a string or an array of strings;
// a string scope is split at spaces. The error never contains the token.
func ParseClaims(accessToken string) (*Claims, error) {
	parts := strings.Split(accessToken, ".")
	if len(parts) != 3 {
		return nil, fmt.Errorf("%w: want 3 dot-separated parts, got %d", ErrMalformedToken, len(parts))
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nil, fmt.Errorf("%w: payload is not base64url", ErrMalformedToken)
	}
	var wire wireClaims
	if err := json.Unmarshal(payload, &wire); err != nil {
		return nil, fmt.Errorf("%w: payload is not a JSON object of claims", ErrMalformedToken)
	}

	claims := &Claims{
		Issuer:   wire.Issuer,
		Subject:  wire.Subject,
		ClientID: wire.ClientID,
		JTI:      wire.JTI,
	}
	claims.Audience, err = stringOrList(wire.Audience, "aud")
	if err != nil {
		return nil, err
	}
	claims.Scope, err = stringOrList(wire.Scope, "scope")
	if err != nil {
		return nil, err
	}
	for _, date := range []struct {
		name  string
		value json.Number
		dest  *time.Time
	}{
		{"exp", wire.ExpiresAt, &claims.ExpiresAt},
		{"iat", wire.IssuedAt, &claims.IssuedAt},
		{"nbf", wire.NotBefore, &claims.NotBefore},
	} {
		if *date.dest, err = numericDate(date.value, date.name); err != nil {
			return nil, err
		}
	}
	return claims, nil
}

// HasScope reports whether the token grants scope.
func (c *Claims) HasScope(scope string) bool {
	for _, s := range c.Scope {
		if s == scope {
			return true
		}
	}
	return false
}

func stringOrList(raw json.RawMessage, name string) ([]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return list, nil
	}
	var single string
	if json.Unmarshal(raw, &single) == nil {
		return strings.Fields(single), nil
	}
	return nil, fmt.Errorf("%w: claim %s is neither a string nor an array of strings", ErrMalformedToken, name)
}

// numericDate converts a JWT NumericDate, seconds since the Unix epoch.
func numericDate(value json.Number, name string) (time.Time, error) {
	if value == "" {
		return time.Time{}, nil
	}
	seconds, err := value.Float64()
	if err != nil || math.IsInf(seconds, 0) || math.Abs(seconds) > 1e11 {
		return time.Time{}, fmt.Errorf("%w: claim %s is not a NumericDate", ErrMalformedToken, name)
	}
	whole, frac := math.Modf(seconds)
	return time.Unix(int64(whole), int64(frac*1e9)).UTC(), nil
}
