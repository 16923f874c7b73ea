// Package uqudoauthtest provides a local token server that implements the
// Uqudo Authorization API, for tests of code that uses package uqudoauth.
//
// The server checks each request against the embedded OpenAPI document with
// kin-openapi. It accepts a configured set of client credentials and rejects
// wrong ones with 401 and an RFC 6749 error body. The JWTs it issues are
// signed, and their claims have the shape of Uqudo's. A test can also script the next
// responses: status, headers, raw body, a delay or a dropped connection.
package uqudoauthtest

import (
	"bytes"
	"context"
	"crypto/subtle"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"time"

	"github.com/uqudo-auth-go/uqudo-auth-go/openapi"
)

// Credentials that a server built with nil Options accepts.
const (
	DefaultClientID     = "test-client"
	DefaultClientSecret = "test-secret"
)

// DefaultLifetime is the expires_in of issued tokens when Options.Lifetime
// is zero. It is the value Uqudo documents.
const DefaultLifetime = 1800 * time.Second

// DefaultScope lists the capabilities that issued tokens carry when
// Options.Scope is nil.
var DefaultScope = []string{"KYC_SCAN_API", "KYC_INFO_SDK", "KYC_SCAN_SDK", "KYC_EVENT_SDK", "KYC_FACE_FLOW"}

// maxRequestBytes bounds the request bodies that the server reads.
const maxRequestBytes = 64 << 10

// Options configures a [Server]. Nil and zero fields select the defaults.
type Options struct {
	// Clients maps each accepted client id to its secret. Nil accepts
	// DefaultClientID with DefaultClientSecret.
	Clients map[string]string

	// Lifetime is the expires_in of issued tokens. Zero means
	// DefaultLifetime.
	Lifetime time.Duration

	// Scope lists the capabilities in issued tokens. Nil means DefaultScope.
	Scope []string

	// Now is the server's clock for token claims. Nil means time.Now.
	Now func() time.Time
}

// Server is a running token server on a loopback address.
type Server struct {
	// URL is the server's base URL, for uqudoauth.ClientOptions.BaseURL.
	URL string

	http      *httptest.Server
	validator *openapi.Validator
	issuer    *issuer

	mu       sync.Mutex
	down     bool
	clients  map[string]string
	script   []Response
	requests []Request
}

// NewServer starts a token server. Call Close when done. It panics if the
// embedded OpenAPI document does not load, which only a broken build causes.
func NewServer(options *Options) *Server {
	if options == nil {
		options = &Options{}
	}
	validator, err := openapi.NewContractValidator()
	if err != nil {
		panic(fmt.Sprintf("uqudoauthtest: load the embedded spec: %v", err))
	}

	s := &Server{
		validator: validator,
		issuer:    newIssuer(options),
		clients:   map[string]string{DefaultClientID: DefaultClientSecret},
	}
	if options.Clients != nil {
		s.clients = make(map[string]string, len(options.Clients))
		for id, secret := range options.Clients {
			s.clients[id] = secret
		}
	}
	s.http = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.http.URL
	return s
}

// Close shuts the server down and waits for open requests to finish.
func (s *Server) Close() {
	s.http.CloseClientConnections()
	s.http.Close()
}

// SetLifetime changes the expires_in of tokens issued from now on.
func (s *Server) SetLifetime(lifetime time.Duration) { s.issuer.setLifetime(lifetime) }

// SetDown makes the server drop every connection without a response while
// down is true, as a token server that is down would. Scripted responses
// wait until the server is up again. Requests still count.
func (s *Server) SetDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
}

// Requests returns the requests received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// RequestCount returns the number of requests received so far.
func (s *Server) RequestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBytes))
	if err != nil {
		http.Error(w, "cannot read request body", http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	validationErr := s.validator.ValidateRequest(r.Context(), r)
	form, _ := url.ParseQuery(string(body))

	scripted, ok, down := s.record(Request{
		Method:          r.Method,
		Path:            r.URL.Path,
		Header:          r.Header.Clone(),
		Form:            form,
		ValidationError: validationErr,
	})
	switch {
	case down:
		dropConnection(w)
		return
	case ok:
		scripted.serve(w, r)
		return
	}

	switch {
	case validationErr != nil:
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "the request does not match the API specification")
	case !s.authorized(form.Get("client_id"), form.Get("client_secret")):
		writeOAuthError(w, http.StatusUnauthorized, "invalid_client", "Bad client credentials")
	default:
		s.issuer.writeToken(w, form.Get("client_id"))
	}
}

// record stores req and pops the next scripted response, if any, unless
// the server is down.
func (s *Server) record(req Request) (next Response, scripted, down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, req)
	if s.down {
		return Response{}, false, true
	}
	if len(s.script) == 0 {
		return Response{}, false, false
	}
	next = s.script[0]
	s.script = s.script[1:]
	return next, true, false
}

func (s *Server) authorized(clientID, secret string) bool {
	s.mu.Lock()
	want, ok := s.clients[clientID]
	s.mu.Unlock()
	return ok && subtle.ConstantTimeCompare([]byte(want), []byte(secret)) == 1
}

func writeOAuthError(w http.ResponseWriter, status int, code, description string) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"error":%q,"error_description":%q}`, code, description)
}

// sleep waits for d or until ctx ends, whichever comes first.
func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
	}
}
