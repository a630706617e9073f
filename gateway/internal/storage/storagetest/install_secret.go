package storagetest

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// An install secret is made once: asked for again, or by many callers at once, it is the
// same; another name has its own; a closed store refuses.
func testInstallSecret(t *testing.T, open func(t *testing.T) Store) {
	ctx := context.Background()
	s := open(t)
	defer s.Close()
	first, err := s.InstallSecret(ctx, "session")
	if err != nil || len(first) != storage.SecretBytes {
		t.Fatalf("InstallSecret = %d bytes, %v; want %d bytes", len(first), err, storage.SecretBytes)
	}
	got := make(chan []byte, 8)
	for range cap(got) {
		go func() {
			b, err := s.InstallSecret(ctx, "other")
			if err != nil {
				t.Errorf("InstallSecret(other): %v", err)
			}
			got <- b
		}()
	}
	var other []byte
	for range cap(got) {
		b := <-got
		if other == nil {
			other = b
		}
		if !bytes.Equal(b, other) {
			t.Errorf("callers at once got different secrets")
		}
	}
	if bytes.Equal(first, other) {
		t.Errorf("two names have the same secret")
	}
	again, err := s.InstallSecret(ctx, "session")
	if err != nil || !bytes.Equal(again, first) {
		t.Errorf("InstallSecret again = %x, %v; want the first secret", again, err)
	}
	s.Close()
	if _, err := s.InstallSecret(ctx, "session"); !errors.Is(err, storage.ErrClosed) {
		t.Errorf("InstallSecret after Close: %v; want ErrClosed", err)
	}
}
