package uqudoauth

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	redacted = "[REDACTED]"

	// maxExcerpt is the maximum number of runes of a response body that an
	// [Error] keeps.
	maxExcerpt = 200
)

// jwtPattern matches the compact serialization of a JWS, the shape of Uqudo
// access tokens, so that excerpts never carry one.
var jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*`)

func redactedOrEmpty(s string) string {
	if s == "" {
		return `""`
	}
	return redacted
}

// formatRedacted writes text for any fmt verb, quoted for %q.
func formatRedacted(f fmt.State, verb rune, text string) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", text)
		return
	}
	fmt.Fprint(f, text)
}

// redactor removes known secrets from text that came from a server.
type redactor struct {
	secrets []string
}

func newRedactor(secrets ...string) redactor {
	var r redactor
	for _, s := range secrets {
		if s == "" {
			continue
		}
		r.secrets = append(r.secrets, s, url.QueryEscape(s))
	}
	return r
}

// clean returns s with every secret and JWT replaced, control characters
// replaced by spaces, invalid UTF-8 dropped and the result cut to limit runes.
func (r redactor) clean(s string, limit int) string {
	for _, secret := range r.secrets {
		s = strings.ReplaceAll(s, secret, redacted)
	}
	s = jwtPattern.ReplaceAllString(s, redacted)

	var b strings.Builder
	runes := 0
	for len(s) > 0 && runes < limit {
		c, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		switch {
		case c == utf8.RuneError && size <= 1:
			continue
		case unicode.IsControl(c) || !unicode.IsPrint(c):
			c = ' '
		}
		b.WriteRune(c)
		runes++
	}
	out := strings.TrimSpace(b.String())
	if len(s) > 0 {
		out += "…"
	}
	return out
}
