package uqudoauth_test

import (
	"context"
	"encoding/base64"
	"errors"
	"testing"

	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth"
	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth/uqudoauthtest"
)

func TestParseClaimsIssuedToken(t *testing.T) {
	f := defaultFixture(t)
	tok, err := f.client.Token(context.Background())
	if err != nil {
		t.Fatalf("Token: %v", err)
	}

	claims, err := uqudoauth.ParseClaims(tok.AccessToken)
	if err != nil {
		t.Fatalf("ParseClaims: %v", err)
	}
	if claims.ClientID != uqudoauthtest.DefaultClientID {
		t.Errorf("ClientID = %q", claims.ClientID)
	}
	if claims.Issuer != uqudoauthtest.Issuer {
		t.Errorf("Issuer = %q", claims.Issuer)
	}
	if !claims.ExpiresAt.Equal(tok.Expiry) {
		t.Errorf("ExpiresAt = %v, want %v", claims.ExpiresAt, tok.Expiry)
	}
	if !claims.HasScope("KYC_SCAN_SDK") {
		t.Errorf("Scope = %v lacks KYC_SCAN_SDK", claims.Scope)
	}
	if claims.HasScope("KYC_MISSING") {
		t.Error("HasScope reports a scope the token lacks")
	}
	if claims.JTI != tok.JTI {
		t.Errorf("JTI = %q, want %q", claims.JTI, tok.JTI)
	}
}

func TestParseClaimsShapes(t *testing.T) {
	enc := base64.RawURLEncoding.EncodeToString
	header := enc([]byte(`{"alg":"none"}`))
	for _, tc := range []struct {
		name, payload string
		scopes        int
		audiences     int
	}{
		{"string scope and aud", `{"scope":"A B","aud":"x"}`, 2, 1},
		{"array scope and aud", `{"scope":["A","B","C"],"aud":["x","y"]}`, 3, 2},
		{"no scope", `{"exp":1700000000.5}`, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			claims, err := uqudoauth.ParseClaims(header + "." + enc([]byte(tc.payload)) + ".sig")
			if err != nil {
				t.Fatalf("ParseClaims: %v", err)
			}
			if len(claims.Scope) != tc.scopes {
				t.Errorf("Scope = %v, want %d entries", claims.Scope, tc.scopes)
			}
			if len(claims.Audience) != tc.audiences {
				t.Errorf("Audience = %v, want %d entries", claims.Audience, tc.audiences)
			}
		})
	}
}

func TestParseClaimsMalformed(t *testing.T) {
	enc := base64.RawURLEncoding.EncodeToString
	for _, token := range []string{
		"",
		"opaque-token",
		"a.b",
		"a.!!!.c",
		"a." + enc([]byte("not json")) + ".c",
		"a." + enc([]byte(`{"scope":42}`)) + ".c",
		"a." + enc([]byte(`{"exp":"tomorrow"}`)) + ".c",
		"a." + enc([]byte(`{"exp":1e300}`)) + ".c",
	} {
		_, err := uqudoauth.ParseClaims(token)
		if !errors.Is(err, uqudoauth.ErrMalformedToken) {
			t.Errorf("ParseClaims(%q) error = %v, want ErrMalformedToken", token, err)
		}
	}
}
