// Package session signs and checks the status page's login sessions and the tokens that guard
// its login and logout forms against cross-site requests. A session is a signed cookie value,
// kept nowhere on the server: it stays valid across restarts as long as the key does. The key
// is derived from a per-install secret (kept in the database) and the read token, so a changed
// read token ends every session at once.
package session

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"strings"
	"time"
)

// nonceBytes is the size of a session's random id.
const nonceBytes = 16

// Keeper issues and checks sessions with one key.
type Keeper struct {
	key []byte
	ttl time.Duration
}

// New returns a Keeper whose sessions last ttl. Its key is derived from the install's secret
// and the read token; neither is kept.
func New(secret []byte, readToken string, ttl time.Duration) *Keeper {
	tok := sha256.Sum256([]byte(readToken))
	return &Keeper{key: mac(secret, "session key", tok[:]), ttl: ttl}
}

// TTL is how long a session lasts.
func (k *Keeper) TTL() time.Duration { return k.ttl }

// Issue returns a new session's cookie value and when it expires.
func (k *Keeper) Issue(now time.Time) (value string, expires time.Time) {
	expires = now.Add(k.ttl).Truncate(time.Second)
	payload := make([]byte, 8+nonceBytes)
	binary.BigEndian.PutUint64(payload, uint64(expires.Unix()))
	_, _ = rand.Read(payload[8:]) // never fails (crypto/rand)
	return encode(payload) + "." + encode(mac(k.key, "session", payload)), expires
}

// Check returns the session id of a cookie value this Keeper issued and that has not expired
// at now; ok is false for anything else.
func (k *Keeper) Check(value string, now time.Time) (id string, ok bool) {
	p, sig, found := strings.Cut(value, ".")
	payload, err1 := base64.RawURLEncoding.DecodeString(p)
	given, err2 := base64.RawURLEncoding.DecodeString(sig)
	if !found || err1 != nil || err2 != nil || len(payload) != 8+nonceBytes {
		return "", false
	}
	if !hmac.Equal(given, mac(k.key, "session", payload)) {
		return "", false
	}
	if !now.Before(time.Unix(int64(binary.BigEndian.Uint64(payload)), 0)) {
		return "", false
	}
	return encode(payload[8:]), true
}

// FormToken is the token a form for purpose ("login", "logout") must carry when bound is what
// the request carries beside it (the login form's cookie, the session id): a cross-site page
// can make a browser send the cookie but cannot compute this without the key.
func (k *Keeper) FormToken(purpose, bound string) string {
	return encode(mac(k.key, "form "+purpose, []byte(bound)))
}

// CheckFormToken reports whether token is FormToken(purpose, bound), in constant time.
func (k *Keeper) CheckFormToken(purpose, bound, token string) bool {
	given, err := base64.RawURLEncoding.DecodeString(token)
	return bound != "" && err == nil && hmac.Equal(given, mac(k.key, "form "+purpose, []byte(bound)))
}

// NewNonce returns a random value for a form's cookie.
func NewNonce() string {
	b := make([]byte, nonceBytes)
	_, _ = rand.Read(b)
	return encode(b)
}

// mac is HMAC-SHA256 of label and data under key; the label keeps each use's values apart.
func mac(key []byte, label string, data []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(label))
	h.Write([]byte{0})
	h.Write(data)
	return h.Sum(nil)
}

func encode(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
