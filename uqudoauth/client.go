package uqudoauth

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

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

// Token requests a new access token. It returns an error matching
// [ErrInvalidCredentials] when the server rejects the credentials,
// [ErrInvalidResponse] when the response breaks the contract, and the
// context's error when ctx ends first.
func (c *Client) Token(ctx context.Context) (*Token, error) {
	body := authapi.TokenRequest{
		GrantType:    authapi.ClientCredentials,
		ClientID:     c.clientID,
		ClientSecret: c.secret,
	}
	resp, err := c.api.GetTokenWithFormdataBody(ctx, body, c.setHeaders)
	if err != nil {
		err = fmt.Errorf("uqudoauth: token request to %s failed: %w", c.tokenURL, err)
		c.logFailure(ctx, err)
		return nil, err
	}
	defer resp.Body.Close()

	tok, err := c.readResponse(resp, c.now())
	if err != nil {
		c.logFailure(ctx, err)
		return nil, err
	}
	c.logToken(ctx, tok)
	return tok, nil
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
