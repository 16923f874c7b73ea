package uqudoauth_test

import (
	"net/http"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

func TestOAuth2TokenSource(t *testing.T) {
	f := newSourceFixture(t, nil)
	src := f.source.OAuth2TokenSource()

	converted, err := src.Token()
	if err != nil {
		t.Fatalf("Token: %v", err)
	}
	tok := f.token(t)
	if converted.AccessToken != tok.AccessToken {
		t.Error("AccessToken differs from the source's token")
	}
	if got := converted.Type(); got != "Bearer" {
		t.Errorf("Type() = %q, want Bearer", got)
	}
	if want := testNow.Add(1770 * time.Second); !converted.Expiry.Equal(want) {
		t.Errorf("Expiry = %v, want %v, the end of serving", converted.Expiry, want)
	}
	if got := converted.Extra("jti"); got != tok.JTI {
		t.Errorf("Extra(jti) = %v, want %q", got, tok.JTI)
	}
	if got := converted.Extra("scope"); got != tok.Scope {
		t.Errorf("Extra(scope) = %v, want %q", got, tok.Scope)
	}

	again, err := src.Token()
	if err != nil {
		t.Fatalf("second Token: %v", err)
	}
	if again != converted {
		t.Error("second Token converted the cached token again")
	}
	allocs := testing.AllocsPerRun(100, func() { _, _ = src.Token() })
	if allocs != 0 {
		t.Errorf("cached Token allocates %v times per call, want 0", allocs)
	}
	f.requireRequests(t, 1)
}

func TestOAuth2TokenSourceAfterRefresh(t *testing.T) {
	f := newSourceFixture(t, nil)
	src := f.source.OAuth2TokenSource()
	before, err := src.Token()
	if err != nil {
		t.Fatalf("Token: %v", err)
	}

	f.clock.AdvanceTo(f.clock.waitForTimer(t))
	f.clock.waitForTimer(t) // the refresh has stored the next token

	after, err := src.Token()
	if err != nil {
		t.Fatalf("Token after the refresh: %v", err)
	}
	if after.AccessToken == before.AccessToken {
		t.Error("Token after the refresh returned the old access token")
	}
}

func TestOAuth2Transport(t *testing.T) {
	f := newSourceFixture(t, nil)
	api := newAPIServer(t)
	client := &http.Client{Transport: &oauth2.Transport{Source: f.source.OAuth2TokenSource()}}

	send(t, client, newRequest(t, http.MethodGet, api.URL+"/api/v1/info/abc", nil))
	if got, want := api.received()[0].authorization, "Bearer "+f.token(t).AccessToken; got != want {
		t.Errorf("the API received Authorization %.20q…, want the source's bearer token", got)
	}
}
