package near

import (
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
)

func TestNear(t *testing.T) {
	c := config.New(&config.Service{Name: "nightly-backup"}, &config.Service{Name: "db"}, &config.Service{Name: "backup"}, &config.Service{Name: "mail-queue"})
	tests := []struct{ sent, want string }{
		{"nightly-backupp", "nightly-backup"}, // one added
		{"nightly-bakup", "nightly-backup"},   // one dropped
		{"nigthly-backup", "nightly-backup"},  // two swapped: two edits
		{"Nightly-Backup", "nightly-backup"},  // case
		{"DB", "db"},                          // case, even for a short name
		{"dc", ""},                            // a third of "db" allows no edit
		{"backupp", "backup"},
		{"backup-x", "backup"}, // two added to a name of 6
		{"backup-xy", ""},      // three added
		{"mail_queue", "mail-queue"},
		{"secret-0123456789abcdef", ""}, // a token sent as the name
		{"", ""},
		{"n\xffghtly-backup", ""}, // not UTF-8: never logged
	}
	for _, tt := range tests {
		if got := Name(c, tt.sent); got != tt.want {
			t.Errorf("Name(%q) = %q; want %q", tt.sent, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"kitten", "sitting", 5, 3},
		{"kitten", "sitting", 2, 3}, // over the limit: limit+1
		{"", "ab", 2, 2},
		{"äb", "ab", 2, 1}, // runes, not bytes
		{"abcdef", "a", 2, 3},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("editDistance(%q, %q, %d) = %d; want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}
