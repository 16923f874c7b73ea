package uqudoauth

import (
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Base URLs of Uqudo's token servers.
const (
	// DefaultBaseURL is the production token server.
	DefaultBaseURL = "https://auth.uqudo.io"

	// DevelopmentBaseURL is the token server for non-production tenants.
	DevelopmentBaseURL = "https://auth.dev.uqudo.io"
)

const (
	// DefaultTimeout bounds one token request when the caller's
	// http.Client has no Timeout of its own.
	DefaultTimeout = 30 * time.Second

	// userAgent is sent when ClientOptions.UserAgent is empty.
	userAgent = "uqudo-auth-go"
)

// ClientOptions configures a [Client]. The zero value, and a nil pointer,
// select production defaults.
type ClientOptions struct {
	// BaseURL is the scheme and host of the token server, optionally with
	// a path prefix; the operation path /api/oauth/token is appended. Empty
	// means DefaultBaseURL. Plain http is accepted only for loopback hosts
	// unless AllowInsecureHTTP is set.
	BaseURL string

	// AllowInsecureHTTP permits a plain http BaseURL on a host other than
	// loopback, which sends the client secret unencrypted.
	AllowInsecureHTTP bool

	// HTTPClient sends the requests. Nil means a client with
	// http.DefaultTransport. The Client never modifies it: it copies it,
	// turns off redirects in the copy and, when Timeout is zero, sets
	// AttemptTimeout.
	HTTPClient *http.Client

	// AttemptTimeout bounds each attempt when HTTPClient has no Timeout of
	// its own. Zero means DefaultTimeout.
	AttemptTimeout time.Duration

	// Retry configures retries after transient failures. The zero value
	// selects the defaults of [RetryOptions].
	Retry RetryOptions

	// UserAgent is sent in the User-Agent header. Empty means
	// "uqudo-auth-go".
	UserAgent string

	// Logger receives one record per token request and per failure. It
	// never receives a secret or a token. Nil turns logging off.
	Logger *slog.Logger

	// Now returns the current time; tests replace it. Nil means time.Now.
	Now func() time.Time
}

// baseURL checks the configured base URL and returns it parsed.
func (o *ClientOptions) baseURL() (*url.URL, error) {
	raw := strings.TrimSpace(o.BaseURL)
	if raw == "" {
		raw = DefaultBaseURL
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, invalidInput("base URL %q cannot be parsed", raw)
	}
	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		return nil, invalidInput("base URL %q must use https", raw)
	case u.Host == "":
		return nil, invalidInput("base URL %q has no host", raw)
	case u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return nil, invalidInput("base URL %q must not contain user info, a query or a fragment", raw)
	case u.Scheme == "http" && !o.AllowInsecureHTTP && !isLoopback(u.Hostname()):
		return nil, invalidInput("base URL %q uses plain http on a non-loopback host; "+
			"use https, or set AllowInsecureHTTP", raw)
	}
	return u, nil
}

// httpClient returns a copy of the configured client that never follows
// redirects and always has a timeout.
func (o *ClientOptions) httpClient() *http.Client {
	var c http.Client
	if o.HTTPClient != nil {
		c = *o.HTTPClient
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}
	if c.Timeout == 0 {
		c.Timeout = o.AttemptTimeout
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	return &c
}

func (o *ClientOptions) clock() func() time.Time {
	if o.Now != nil {
		return o.Now
	}
	return time.Now
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
