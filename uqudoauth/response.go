package uqudoauth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth/authapi"
)

// MaxResponseBytes is the largest token response body that a Client reads.
// A Uqudo token response is under 2 KiB, and 1 MiB leaves room for any JWT.
const MaxResponseBytes = 1 << 20

// readResponse turns a token response into a token or an error. The status
// decides the class of an error before the body is trusted.
func (c *Client) readResponse(resp *http.Response, received time.Time) (*Token, error) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	if err != nil {
		return nil, fmt.Errorf("uqudoauth: read token response from %s: %w", c.tokenURL, err)
	}
	if len(body) > MaxResponseBytes {
		return nil, &Error{
			StatusCode: resp.StatusCode,
			Reason:     fmt.Sprintf("body exceeds %d bytes", MaxResponseBytes),
			kind:       ErrResponseTooLarge,
		}
	}

	if resp.StatusCode != http.StatusOK {
		return nil, c.statusError(resp, body)
	}
	return c.parseToken(resp.Header, body, received)
}

// statusError maps a response with a status other than 200 to an [Error].
func (c *Client) statusError(resp *http.Response, body []byte) error {
	e := &Error{StatusCode: resp.StatusCode, Body: c.redact.clean(string(body), maxExcerpt)}
	c.fillOAuthFields(e, body)
	if wait := parseRetryAfter(resp.Header.Get("Retry-After"), c.now()); wait >= 0 {
		e.RetryAfter, e.hasRetryAfter = wait, true
	}

	status := resp.StatusCode
	switch {
	case status >= 300 && status < 400:
		e.kind = ErrRedirect
		e.Location = c.redact.clean(resp.Header.Get("Location"), maxExcerpt)
	case status == http.StatusUnauthorized:
		e.kind = ErrInvalidCredentials
	case status == http.StatusBadRequest || status == http.StatusForbidden:
		e.kind = ErrUnexpectedStatus
		if isCredentialsCode(e.Code) {
			e.kind = ErrInvalidCredentials
		}
	default:
		e.kind = ErrUnexpectedStatus
	}
	return e
}

// fillOAuthFields copies the RFC 6749 section 5.2 fields of body into e when
// body is such a JSON object, whatever its content type is.
func (c *Client) fillOAuthFields(e *Error, body []byte) {
	var oauthErr authapi.OAuthError
	if !bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) || json.Unmarshal(body, &oauthErr) != nil {
		return
	}
	e.Code = c.redact.clean(oauthErr.Error, maxExcerpt)
	if oauthErr.ErrorDescription != nil {
		e.Description = c.redact.clean(*oauthErr.ErrorDescription, maxExcerpt)
	}
	if oauthErr.ErrorURI != nil {
		e.URI = c.redact.clean(*oauthErr.ErrorURI, maxExcerpt)
	}
	if e.Code != "" {
		e.Body = ""
	}
}

func isCredentialsCode(code string) bool {
	return code == "invalid_client" || code == "unauthorized"
}

// parseToken checks a 200 response against the contract and decodes it.
func (c *Client) parseToken(header http.Header, body []byte, received time.Time) (*Token, error) {
	invalid := func(format string, args ...any) error {
		return &Error{
			StatusCode: http.StatusOK,
			Reason:     fmt.Sprintf(format, args...),
			Body:       c.redact.clean(string(body), maxExcerpt),
			kind:       ErrInvalidResponse,
		}
	}

	contentType := header.Get("Content-Type")
	if !isJSONMediaType(contentType) {
		return nil, invalid("content type %q is not application/json", contentType)
	}

	var wire wireToken
	if err := json.Unmarshal(body, &wire); err != nil {
		return nil, invalid("malformed JSON: %v", err)
	}
	if wire.Error != "" {
		e := invalid("the body is an OAuth error").(*Error)
		c.fillOAuthFields(e, body)
		return nil, e
	}

	tok, problem := wire.token(received)
	if problem != "" {
		return nil, invalid("%s", problem)
	}
	return tok, nil
}

func isJSONMediaType(contentType string) bool {
	mediaType, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mediaType == "application/json" || strings.HasSuffix(mediaType, "+json")
}
