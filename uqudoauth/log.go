package uqudoauth

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// logToken records a fetched token: its expiry and id, never the token.
func (c *Client) logToken(ctx context.Context, tok *Token) {
	if c.logger == nil {
		return
	}
	c.logger.LogAttrs(ctx, slog.LevelInfo, "uqudoauth: token fetched",
		slog.String("client_id", c.clientID),
		slog.Time("expiry", tok.Expiry),
		slog.Duration("expires_in", tok.ExpiresIn),
		slog.String("jti", tok.JTI),
	)
}

// logFailure records a failed token request. Error texts of this package
// carry no secret, so the error is logged as it is.
func (c *Client) logFailure(ctx context.Context, err error) {
	if c.logger == nil {
		return
	}
	attrs := []slog.Attr{
		slog.String("client_id", c.clientID),
		slog.String("error", err.Error()),
	}
	var apiErr *Error
	if errors.As(err, &apiErr) {
		attrs = append(attrs, slog.Int("status", apiErr.StatusCode))
	}
	c.logger.LogAttrs(ctx, slog.LevelWarn, "uqudoauth: token request failed", attrs...)
}

// logRetry records a failed attempt that will be retried after wait.
func (c *Client) logRetry(ctx context.Context, attempt int, wait time.Duration, err error) {
	if c.logger == nil {
		return
	}
	attrs := []slog.Attr{
		slog.String("client_id", c.clientID),
		slog.Int("attempt", attempt),
		slog.Duration("wait", wait),
		slog.String("error", err.Error()),
	}
	var apiErr *Error
	if errors.As(err, &apiErr) {
		attrs = append(attrs, slog.Int("status", apiErr.StatusCode))
	}
	c.logger.LogAttrs(ctx, slog.LevelInfo, "uqudoauth: retrying token request", attrs...)
}
