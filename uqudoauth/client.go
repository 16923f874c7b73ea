package uqudoauth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/cenkalti/backoff/v5"
	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth/authapi"
)

// Client requests access tokens with the client credentials grant. It is
// safe for concurrent use. Each call to [Client.Token] sends one request.
type Client struct {
	clientID string
	secret   string
	tokenURL string

	api       *authapi.Client
	userAgent string
	retry     RetryOptions
	logger    *slog.Logger
	now       func() time.Time
	redact    redactor
}

// NewClient returns a Client for the given credentials. Options may be nil.
// It returns an error matching [ErrInvalidInput] when the client id or
// secret is empty or only whitespace, or when an option is invalid.
func NewClient(clientID, clientSecret string, options *ClientOptions) (*Client, error) {
	if options == nil {
		options = &ClientOptions{}
	}
	if strings.TrimSpace(clientID) == "" {
		return nil, invalidInput("client id is empty")
	}
	if strings.TrimSpace(clientSecret) == "" {
		return nil, invalidInput("client secret is empty")
	}

	base, err := options.baseURL()
	if err != nil {
		return nil, err
	}
	api, err := authapi.NewClient(base.String(), authapi.WithHTTPClient(options.httpClient()))
	if err != nil {
		return nil, invalidInput("base URL %q: %v", base, err)
	}

	c := &Client{
		clientID:  clientID,
		secret:    clientSecret,
		tokenURL:  strings.TrimSuffix(base.String(), "/") + "/api/oauth/token",
		api:       api,
		userAgent: options.UserAgent,
		retry:     options.Retry.withDefaults(),
		logger:    options.Logger,
		now:       options.clock(),
		redact:    newRedactor(clientSecret),
	}
	if c.userAgent == "" {
		c.userAgent = userAgent
	}
	return c, nil
}

// TokenURL returns the URL that token requests are sent to.
func (c *Client) TokenURL() string { return c.tokenURL }

// ClientID returns the client id the Client authenticates with.
func (c *Client) ClientID() string { return c.clientID }

// Token requests a new access token, retrying transient failures as
// ClientOptions.Retry sets. It returns an error matching
// [ErrInvalidCredentials] when the server rejects the credentials,
// [ErrInvalidResponse] when the response breaks the contract, and the
// context's error when ctx ends first.
func (c *Client) Token(ctx context.Context) (*Token, error) {
	attempts := 0
	var last error
	attempt := func() (*Token, error) {
		attempts++
		tok, err := c.fetch(ctx)
		if err != nil {
			last = err
			return nil, c.retryable(ctx, err)
		}
		return tok, nil
	}
	notify := func(err error, wait time.Duration) {
		c.logRetry(ctx, attempts, wait, unwrapRetryable(err))
	}

	tok, err := backoff.Retry(ctx, attempt,
		backoff.WithBackOff(&fullJitter{base: c.retry.BaseDelay, max: c.retry.MaxDelay}),
		backoff.WithMaxTries(uint(c.retry.MaxAttempts)),
		backoff.WithMaxElapsedTime(0),
		backoff.WithNotify(notify),
	)
	if err != nil {
		err = finalError(unwrapRetryable(err), last, attempts)
		c.logFailure(ctx, err)
		return nil, err
	}
	c.logToken(ctx, tok)
	return tok, nil
}

// fetch sends one token request and reads its response.
func (c *Client) fetch(ctx context.Context) (*Token, error) {
	body := authapi.TokenRequest{
		GrantType:    authapi.ClientCredentials,
		ClientID:     c.clientID,
		ClientSecret: c.secret,
	}
	resp, err := c.api.GetTokenWithFormdataBody(ctx, body, c.setHeaders)
	if err != nil {
		return nil, fmt.Errorf("uqudoauth: token request to %s failed: %w", c.tokenURL, err)
	}
	defer resp.Body.Close()

	return c.readResponse(resp, c.now())
}

// finalError describes the outcome of the last attempt. When the context
// ended during a wait, err is the context's error and last the failure
// before it, and the result matches both.
func finalError(err, last error, attempts int) error {
	if last != nil && err != last && !errors.Is(last, err) {
		return fmt.Errorf("uqudoauth: gave up after %d attempts: %w (last failure: %w)", attempts, err, last)
	}
	if attempts > 1 {
		return fmt.Errorf("uqudoauth: gave up after %d attempts: %w", attempts, err)
	}
	return err
}

func (c *Client) setHeaders(_ context.Context, req *http.Request) error {
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	return nil
}

// String returns a description of the client without the client secret.
func (c Client) String() string {
	return fmt.Sprintf("uqudoauth.Client{ClientID: %q, TokenURL: %q, ClientSecret: %s}",
		c.clientID, c.tokenURL, redacted)
}

// GoString returns the same text as String, so %#v stays redacted.
func (c Client) GoString() string { return c.String() }

// Format writes the redacted description for every verb.
func (c Client) Format(f fmt.State, verb rune) { formatRedacted(f, verb, c.String()) }

// LogValue returns the client's identity for log/slog, without the secret.
func (c Client) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("client_id", c.clientID),
		slog.String("token_url", c.tokenURL),
	)
}
