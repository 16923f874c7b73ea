package uqudoauthtest

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
)

// Issuer is the iss claim of issued tokens, the value seen on Uqudo's.
const Issuer = "https://auth.uqudo.io"

// issuer signs tokens with HS256 and a random key. Nothing outside the
// server can verify them, which is what Uqudo's clients see as well.
type issuer struct {
	key   []byte
	scope []string
	now   func() time.Time

	mu       sync.Mutex
	lifetime time.Duration
}

func newIssuer(options *Options) *issuer {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	iss := &issuer{
		key:      key,
		scope:    options.Scope,
		now:      options.Now,
		lifetime: options.Lifetime,
	}
	if iss.scope == nil {
		iss.scope = DefaultScope
	}
	if iss.now == nil {
		iss.now = time.Now
	}
	if iss.lifetime <= 0 {
		iss.lifetime = DefaultLifetime
	}
	return iss
}

func (iss *issuer) setLifetime(lifetime time.Duration) {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	iss.lifetime = lifetime
}

type tokenClaims struct {
	Audience  []string `json:"aud"`
	ClientID  string   `json:"client_id"`
	ExpiresAt int64    `json:"exp"`
	IssuedAt  int64    `json:"iat"`
	Issuer    string   `json:"iss"`
	JTI       string   `json:"jti"`
	NotBefore int64    `json:"nbf"`
	Scope     []string `json:"scope"`
	Subject   string   `json:"sub"`
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"`
	Scope       string `json:"scope"`
	JTI         string `json:"jti"`
}

// writeToken issues a token for clientID and writes the 200 response.
func (iss *issuer) writeToken(w http.ResponseWriter, clientID string) {
	iss.mu.Lock()
	lifetime := iss.lifetime
	iss.mu.Unlock()

	now := iss.now()
	claims := tokenClaims{
		Audience:  []string{"uqudo"},
		ClientID:  clientID,
		ExpiresAt: now.Add(lifetime).Unix(),
		IssuedAt:  now.Unix(),
		Issuer:    Issuer,
		JTI:       uuid.NewString(),
		NotBefore: now.Unix(),
		Scope:     iss.scope,
		Subject:   clientID,
	}
	body, _ := json.Marshal(tokenResponse{
		AccessToken: iss.sign(claims),
		TokenType:   "bearer",
		ExpiresIn:   int64(lifetime / time.Second),
		Scope:       strings.Join(iss.scope, " "),
		JTI:         claims.JTI,
	})

	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(body)
}

func (iss *issuer) sign(claims tokenClaims) string {
	payload, _ := json.Marshal(claims)
	enc := base64.RawURLEncoding
	signingInput := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString(payload)
	mac := hmac.New(sha256.New, iss.key)
	mac.Write([]byte(signingInput))
	return signingInput + "." + enc.EncodeToString(mac.Sum(nil))
}
