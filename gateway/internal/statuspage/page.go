package statuspage

import (
	"embed"
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
	"upper":    strings.ToUpper,
	"visible":  checkin.ShowInvisible,
	"words":    durationWords,
	"path":     url.PathEscape,
	"iso":      func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"add": func(n ...int) int {
		sum := 0
		for _, v := range n {
			sum += v
		}
		return sum
	},
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
	// Root leads from the page back to the gateway's root, relative ("" or "../"), so that
	// links keep working when a proxy serves the gateway under a path (/checkin/status).
	Root string
	// Logout is the logout form's token when the page was opened with a login session.
	Logout string
	// Notice is a banner the operator must see (see Notices); "" for none.
	Notice string
}

// writePage renders a page and sends it (see sendPage).
func writePage(w http.ResponseWriter, r *http.Request, logger *slog.Logger, code int, name string, p page) {
	p.CSS = pageCSS
	p.Root = rootFrom(r)
	p.Logout = logoutToken(r.Context())
	p.Notice = noticeFor(r)
	sendPage(w, r, logger, code, pages, name, p)
}

// failPage answers a client error: a page for a browser, the API's JSON error otherwise.
func failPage(w http.ResponseWriter, r *http.Request, logger *slog.Logger, now time.Time, err *respond.Error) {
	if !prefersHTML(r) {
		respond.Fail(w, r, logger, err)
		return
	}
	writePage(w, r, logger, err.Code, "error.html", page{Title: http.StatusText(err.Code), Now: now, Body: err.Msg})
}

// rootFrom is the relative way from a request's page to the gateway's root: "" for / and
// /status, "../" for /status/<name>.
func rootFrom(r *http.Request) string {
	return strings.Repeat("../", strings.Count(strings.Trim(r.URL.EscapedPath(), "/"), "/"))
}
