package uqudoauthtest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/uqudo-auth-go/uqudo-auth-go/openapi"
)

// Exchange is one request and response seen by a [ValidatingTransport].
type Exchange struct {
	// Status is the response status, or zero when the round trip failed.
	Status int

	// RequestError and ResponseError are the results of checking the
	// request and the response against the contract, nil when they match.
	RequestError  error
	ResponseError error
}

// ValidatingTransport is an http.RoundTripper that checks every request it
// sends and every response it receives against the contract: the vendored
// OpenAPI document with the project's overlay. A status or content type that
// the document does not list fails the check. It never changes what passes
// through.
type ValidatingTransport struct {
	base      http.RoundTripper
	validator *openapi.Validator

	mu        sync.Mutex
	exchanges []Exchange
}

// NewValidatingTransport returns a ValidatingTransport that sends requests
// through base, or through http.DefaultTransport when base is nil.
func NewValidatingTransport(base http.RoundTripper) (*ValidatingTransport, error) {
	if base == nil {
		base = http.DefaultTransport
	}
	validator, err := openapi.NewContractValidator()
	if err != nil {
		return nil, err
	}
	return &ValidatingTransport{base: base, validator: validator}, nil
}

// RoundTrip sends req and records the checks of the request and response.
func (t *ValidatingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var exchange Exchange
	exchange.RequestError = t.validator.ValidateRequest(req.Context(), req)

	resp, err := t.base.RoundTrip(req)
	if err != nil {
		t.add(exchange)
		return nil, err
	}

	exchange.Status = resp.StatusCode
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		exchange.ResponseError = fmt.Errorf("uqudoauthtest: read response body: %w", err)
		t.add(exchange)
		return nil, err
	}

	resp.Body = io.NopCloser(bytes.NewReader(body))
	exchange.ResponseError = t.validator.ValidateResponse(req.Context(), req, resp.StatusCode, resp.Header, body)
	t.add(exchange)
	return resp, nil
}

// Exchanges returns the exchanges so far, oldest first.
func (t *ValidatingTransport) Exchanges() []Exchange {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Exchange(nil), t.exchanges...)
}

func (t *ValidatingTransport) add(exchange Exchange) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.exchanges = append(t.exchanges, exchange)
}
