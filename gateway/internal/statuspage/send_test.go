package statuspage

import (
	"errors"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// TestSendPage: a page that fits in what is held is sent whole, or replaced by a clean 500
// when its template fails; a longer page is sent as it is rendered, and a failure after part
// of it was sent ends the connection instead of leaving a page that looks whole.
func TestSendPage(t *testing.T) {
	set := template.Must(template.New("t").Funcs(template.FuncMap{
		"fail": func() (string, error) { return "", errors.New("broken on purpose") },
	}).Parse(`{{define "page"}}<p>{{.Body}}</p>{{if .Fail}}{{fail}}{{end}}{{end}}`))
	long := strings.Repeat("a", 3*sendHeldBytes)
	tests := []struct {
		name     string
		body     string
		fail     bool
		wantCode int
		wantBody string // the whole body; "" when the read must fail
		wantLog  string
	}{
		{"short page", "hello", false, http.StatusTeapot, "<p>hello</p>", ""},
		{"short page, template fails", "hello", true, http.StatusInternalServerError, `{"error":"internal error"}` + "\n", "render page"},
		{"long page", long, false, http.StatusTeapot, "<p>" + long + "</p>", ""},
		{"long page, template fails", long, true, http.StatusTeapot, "", "page cut short"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs := &checkintest.SyncBuffer{}
			logger := slog.New(slog.NewTextHandler(logs, nil))
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				sendPage(w, r, logger, http.StatusTeapot, set, "page", struct {
					Body string
					Fail bool
				}{tt.body, tt.fail})
			}))
			defer srv.Close()
			resp, err := http.Get(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.wantCode {
				t.Errorf("code = %d; want %d", resp.StatusCode, tt.wantCode)
			}
			if tt.wantBody == "" {
				if err == nil {
					t.Errorf("read %d bytes without error; want the connection ended mid-page", len(body))
				}
			} else if err != nil || string(body) != tt.wantBody {
				t.Errorf("body = %d bytes %.40q…, %v; want %d bytes %.40q…", len(body), body, err, len(tt.wantBody), tt.wantBody)
			}
			if tt.wantCode != http.StatusInternalServerError && resp.Header.Get("Content-Security-Policy") == "" {
				t.Error("no Content-Security-Policy header")
			}
			if !strings.Contains(logs.String(), tt.wantLog) || tt.wantLog == "" && logs.String() != "" {
				t.Errorf("log = %q; want it to contain %q", logs.String(), tt.wantLog)
			}
		})
	}
}
