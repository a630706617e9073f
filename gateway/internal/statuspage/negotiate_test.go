package statuspage

import (
	"net/http"
	"testing"
)

func TestPrefersHTML(t *testing.T) {
	tests := []struct {
		accept string
		want   bool
	}{
		{"", false},
		{"*/*", false},
		{"application/json", false},
		{"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8", true}, // Firefox, Chromium
		{"text/html", true},
		{"text/html, application/json", false},                   // a tie keeps the API's answer
		{"application/json, text/html;q=0.9", false},             // JSON ranked higher
		{"text/html;q=0.5, */*;q=0.1", true},                     // HTML ranked higher
		{"text/html;q=0.5, application/*;q=0.6, */*;q=1", false}, // application/* outranks */* for JSON
		{"text/html;q=0", false},
		{"text/*", false},
		{"text/html;q=oops", false},
	}
	for _, tt := range tests {
		r, _ := http.NewRequest("GET", "/", nil)
		if tt.accept != "" {
			r.Header.Set("Accept", tt.accept)
		}
		if got := prefersHTML(r); got != tt.want {
			t.Errorf("prefersHTML(Accept: %q) = %v; want %v", tt.accept, got, tt.want)
		}
	}
}
