package session

import (
	"strings"
	"testing"
	"time"
)

func TestSessionCheck(t *testing.T) {
	now := time.Date(2026, 12, 7, 18, 0, 0, 0, time.UTC)
	secret := []byte("install-secret-0123456789abcdef0")
	k := New(secret, "read-token-0123456789abcdef", 12*time.Hour)
	value, expires := k.Issue(now)
	if !expires.Equal(now.Add(12 * time.Hour)) {
		t.Errorf("expires = %v; want %v", expires, now.Add(12*time.Hour))
	}
	other, _ := k.Issue(now)
	tampered := []byte(value)
	tampered[3] ^= 1
	tests := []struct {
		name  string
		k     *Keeper
		value string
		at    time.Time
		ok    bool
	}{
		{"fresh", k, value, now, true},
		{"just before it expires", k, value, expires.Add(-time.Second), true},
		{"expired", k, value, expires, false},
		{"after a restart: same secret and token", New(secret, "read-token-0123456789abcdef", time.Hour), value, now, true},
		{"the read token changed", New(secret, "read-token-0123456789abcdeX", 12*time.Hour), value, now, false},
		{"another install", New([]byte("other-secret"), "read-token-0123456789abcdef", 12*time.Hour), value, now, false},
		{"tampered", k, string(tampered), now, false},
		{"no signature", k, strings.Split(value, ".")[0], now, false},
		{"empty", k, "", now, false},
		{"the read token itself", k, "read-token-0123456789abcdef", now, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := tt.k.Check(tt.value, tt.at); ok != tt.ok {
				t.Errorf("Check = %v; want %v", ok, tt.ok)
			}
		})
	}
	id1, _ := k.Check(value, now)
	id2, _ := k.Check(other, now)
	if id1 == "" || id1 == id2 {
		t.Errorf("two sessions' ids = %q, %q; want two different ids", id1, id2)
	}
}

func TestFormToken(t *testing.T) {
	k := New([]byte("secret"), "read-token-0123456789abcdef", time.Hour)
	tok := k.FormToken("login", "nonce-1")
	tests := []struct {
		name                  string
		purpose, bound, token string
		ok                    bool
	}{
		{"right", "login", "nonce-1", tok, true},
		{"another cookie", "login", "nonce-2", tok, false},
		{"another purpose", "logout", "nonce-1", tok, false},
		{"no cookie", "login", "", k.FormToken("login", ""), false},
		{"empty token", "login", "nonce-1", "", false},
		{"another key", "login", "nonce-1", New([]byte("secret"), "other-token-0123456789abc", time.Hour).FormToken("login", "nonce-1"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := k.CheckFormToken(tt.purpose, tt.bound, tt.token); got != tt.ok {
				t.Errorf("CheckFormToken = %v; want %v", got, tt.ok)
			}
		})
	}
}
