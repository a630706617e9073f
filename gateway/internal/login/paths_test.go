package login

import (
	"net/http"
	"testing"
)

func TestSafeNext(t *testing.T) {
	tests := []struct{ next, want string }{
		{"status/backup", "status/backup"},
		{"status?q=a%20b", "status?q=a%20b"},
		{"api/v1/services", "api/v1/services"},
		{"", "status"},
		{"/status", "status"},
		{"//evil.example", "status"},
		{"/\\evil.example", "status"},
		{"\\/evil.example", "status"},
		{"https://evil.example", "status"},
		{"HTTPS:evil.example", "status"},
		{"javascript:alert(1)", "status"},
		{"status\tx", "status"},
		{"status\x7f", "status"},
		{"%zz", "status"},
	}
	for _, tt := range tests {
		if got := SafeNext(tt.next); got != tt.want {
			t.Errorf("SafeNext(%q) = %q; want %q", tt.next, got, tt.want)
		}
	}
}

func TestSameOrigin(t *testing.T) {
	tests := []struct {
		name string
		hdr  http.Header
		want bool
	}{
		{"same-origin", http.Header{"Sec-Fetch-Site": {"same-origin"}, "Origin": {"http://evil.example"}}, true},
		{"typed by the user", http.Header{"Sec-Fetch-Site": {"none"}}, true},
		{"cross-site", http.Header{"Sec-Fetch-Site": {"cross-site"}, "Origin": {"http://gw.example:5000"}}, false},
		{"same-site", http.Header{"Sec-Fetch-Site": {"same-site"}}, false},
		{"Origin", http.Header{"Origin": {"http://gw.example:5000"}}, true},
		{"Origin of another port", http.Header{"Origin": {"http://gw.example:5001"}}, false},
		{"Origin null", http.Header{"Origin": {"null"}}, false},
		{"Referer", http.Header{"Referer": {"http://gw.example:5000/login?next=status"}}, true},
		{"Referer elsewhere", http.Header{"Referer": {"http://evil.example/"}}, false},
		{"proxy's host", http.Header{"Origin": {"https://status.example"}, "X-Forwarded-Host": {"status.example"}}, true},
		{"nothing", http.Header{}, true},
	}
	for _, tt := range tests {
		r, _ := http.NewRequest("POST", "http://gw.example:5000/login", nil)
		r.Header = tt.hdr
		if got := sameOrigin(r); got != tt.want {
			t.Errorf("%s: sameOrigin = %v; want %v", tt.name, got, tt.want)
		}
	}
}
