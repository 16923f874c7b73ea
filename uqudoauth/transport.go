package uqudoauth

import (
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// DefaultAPIHost is the host of the Uqudo API, the only host that a
// [Transport] sends tokens to when its Hosts field is empty.
const DefaultAPIHost = "id.uqudo.io"

// maxDrainBytes is the maximum number of bytes of a 401 response body read
// before the retry, so that its connection can be reused.
const maxDrainBytes = 4 << 10

// Transport is an [http.RoundTripper] that adds the header
// "Authorization: Bearer <token>" to requests for the Uqudo API, with
// tokens from a [TokenSource]. Requests to other hosts pass through
// unchanged and never carry the token.
//
// When the API responds 401 to a token that the source still served,
// Transport fetches a new token and sends the request once more. It does so
// only when the body can be sent again, because the request has no body or
// has GetBody set, as [http.NewRequest] sets it for in-memory bodies.
// Otherwise it returns the 401 response, and the next request gets a new
// token. A token younger than 10 seconds is never replaced this way, so an
// API that rejects every token costs at most one token request per 10
// seconds, not one per call.
//
// Transport never modifies the request that it is given: it adds the
// header to a clone, replacing any Authorization header of the request.
type Transport struct {
	// Source supplies the tokens. It must not be nil.
	Source *TokenSource

	// Base sends the requests. Nil means http.DefaultTransport.
	Base http.RoundTripper

	// Hosts lists the hosts that receive the token, each a host name with
	// an optional port, such as "id.uqudo.io" or "127.0.0.1:8080". A name
	// without a port matches only the default port of the request's
	// scheme. Empty means DefaultAPIHost alone. The token travels only
	// over https, or over plain http to a loopback address. A plain http
	// request to any other listed host fails without being sent.
	Hosts []string
}

// RoundTrip sends req, with a token when its host is one of t.Hosts.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !t.authorizes(req.URL) {
		return t.base().RoundTrip(req)
	}
	if req.URL.Scheme != "https" && !isLoopback(req.URL.Hostname()) {
		closeBody(req)
		return nil, invalidInput("not sending a token over plain %s to %s: use https",
			req.URL.Scheme, req.URL.Host)
	}

	tok, err := t.Source.Token(req.Context())
	if err != nil {
		closeBody(req)
		return nil, err
	}
	resp, err := t.base().RoundTrip(withToken(req, tok))
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	return t.retry(req, resp, tok)
}

// retry sends req once more with a new token after the API rejected
// rejected with resp. It returns resp itself when no retry is possible.
func (t *Transport) retry(req *http.Request, resp *http.Response, rejected *Token) (*http.Response, error) {
	replayable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	if !replayable {
		t.Source.drop(rejected)
		return resp, nil
	}

	tok, err := t.Source.renew(req.Context(), rejected)
	if err != nil || tok == rejected {
		return resp, nil
	}
	retried := withToken(req, tok)
	if req.GetBody != nil {
		if retried.Body, err = req.GetBody(); err != nil {
			return resp, nil
		}
	}

	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxDrainBytes))
	_ = resp.Body.Close()
	return t.base().RoundTrip(retried)
}

func (t *Transport) base() http.RoundTripper {
	if t.Base != nil {
		return t.Base
	}
	return http.DefaultTransport
}

// authorizes reports whether u's host is one of t.Hosts.
func (t *Transport) authorizes(u *url.URL) bool {
	if len(t.Hosts) == 0 {
		return hostMatches(DefaultAPIHost, u)
	}
	for _, host := range t.Hosts {
		if hostMatches(host, u) {
			return true
		}
	}
	return false
}

// hostMatches reports whether u has the host name of entry, and its port,
// or the scheme's default port when entry has none.
func hostMatches(entry string, u *url.URL) bool {
	name, port, err := net.SplitHostPort(entry)
	if err != nil {
		name, port = strings.Trim(entry, "[]"), ""
	}
	if !strings.EqualFold(name, u.Hostname()) {
		return false
	}
	requested := u.Port()
	if requested == "" {
		requested = defaultPort(u.Scheme)
	}
	if port == "" {
		port = defaultPort(u.Scheme)
	}
	return requested == port
}

func defaultPort(scheme string) string {
	if scheme == "http" {
		return "80"
	}
	return "443"
}

// withToken returns a clone of req that carries tok.
func withToken(req *http.Request, tok *Token) *http.Request {
	clone := req.Clone(req.Context())
	clone.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	return clone
}

// closeBody closes the request body, as a RoundTripper must even when it
// sends nothing.
func closeBody(req *http.Request) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
}

// HTTPClientOptions configures the client that [NewHTTPClient] returns. The
// zero value, and a nil pointer, select the defaults.
type HTTPClientOptions struct {
	// HTTPClient is the client to build on: the new client copies its
	// settings and sends requests through its Transport. It is never
	// modified. Nil means a zero http.Client, which uses
	// http.DefaultTransport.
	HTTPClient *http.Client

	// Hosts lists the hosts that receive the token, as in
	// [Transport.Hosts]. Empty means DefaultAPIHost alone.
	Hosts []string
}

// NewHTTPClient returns a new *http.Client that adds tokens from source to
// its requests for the Uqudo API through a [Transport]. Options may be nil.
// It panics if source is nil.
func NewHTTPClient(source *TokenSource, options *HTTPClientOptions) *http.Client {
	if source == nil {
		panic("uqudoauth: NewHTTPClient called with a nil TokenSource")
	}
	if options == nil {
		options = &HTTPClientOptions{}
	}
	var c http.Client
	if options.HTTPClient != nil {
		c = *options.HTTPClient
	}
	c.Transport = &Transport{
		Source: source,
		Base:   c.Transport,
		Hosts:  slices.Clone(options.Hosts),
	}
	return &c
}
