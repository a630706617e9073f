package statuspage

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

//go:embed pages/*.html pages/status.css
var pageFiles embed.FS

// pageCSS is inlined into every page, so a page loads nothing else.
var pageCSS = template.CSS(must(pageFiles.ReadFile("pages/status.css")))

var pages = template.Must(template.New("pages").Funcs(template.FuncMap{
	"class": statusClass,
	"allStatuses": func() []checkin.Status {
		return []checkin.Status{checkin.OK, checkin.Warning, checkin.Critical, checkin.Unknown}
	},
	"duration": checkin.FormatDuration,
	"words":    durationWords,
	"path":     url.PathEscape,
	"iso":      func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
}).ParseFS(pageFiles, "pages/*.html"))

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// page is what every page template gets.
type page struct {
	Title   string
	Refresh bool // reload every 30 s
	Now     time.Time
	CSS     template.CSS
	Body    any
}

// writePage renders a page in full before sending it, so a template error is a clean 500.
func writePage(w http.ResponseWriter, r *http.Request, logger *slog.Logger, code int, name string, p page) {
	p.CSS = pageCSS
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, p); err != nil {
		respond.Fail(w, r, logger, fmt.Errorf("render %s: %w", name, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	_, _ = buf.WriteTo(w)
}

// localTime writes a time for people, in the gateway's time zone (now's).
func localTime(t, now time.Time) string { return t.In(now.Location()).Format("2006-01-02 15:04 MST") }

// durationWords writes a duration in words with its two largest units: "2 days",
// "1 day 12 hours", "90 minutes" is "1 hour 30 minutes".
func durationWords(d time.Duration) string {
	units := []struct {
		size time.Duration
		name string
	}{{24 * time.Hour, "day"}, {time.Hour, "hour"}, {time.Minute, "minute"}, {time.Second, "second"}}
	var parts []string
	for _, u := range units {
		if len(parts) == 2 {
			break
		}
		n := d / u.size
		if n == 0 {
			if len(parts) > 0 {
				break
			}
			continue
		}
		d -= n * u.size
		s := fmt.Sprintf("%d %s", n, u.name)
		if n != 1 {
			s += "s"
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "0 seconds"
	}
	return strings.Join(parts, " ")
}
