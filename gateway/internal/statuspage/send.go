package statuspage

import (
	"bufio"
	"bytes"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
)

// sendHeldBytes is how much of a page is rendered before anything is sent. A page that fits
// (every page but a service's with long infos) is sent whole, so a template error is a clean
// 500. A longer page is sent as it is rendered: held whole, a page of 500 rows of escaped
// infos took about 11 MB until its client read it, or until --write-timeout for one that
// never did.
const sendHeldBytes = 64 << 10

// sendPage renders template name of set with data and sends it with status code and the
// pages' headers. A template error after part of the page was sent ends the connection, so
// the browser shows a broken page rather than a short one.
func sendPage(w http.ResponseWriter, r *http.Request, logger *slog.Logger, code int, set *template.Template, name string, data any) {
	s := &spillWriter{w: w, code: code}
	if err := set.ExecuteTemplate(s, name, data); err != nil {
		err = fmt.Errorf("render %s: %w", name, err)
		if s.out == nil {
			respond.Fail(w, r, logger, err)
			return
		}
		logger.Error("page cut short", append([]any{"error", err}, respond.LogIDs(r)...)...)
		panic(http.ErrAbortHandler)
	}
	if s.out == nil {
		s.start()
		_, _ = s.held.WriteTo(w)
		return
	}
	_ = s.out.Flush()
}

// spillWriter holds what is written until it reaches sendHeldBytes, then sends the headers,
// the held bytes and everything after.
type spillWriter struct {
	w    http.ResponseWriter
	code int
	held bytes.Buffer
	out  *bufio.Writer // nil until sending began
}

func (s *spillWriter) Write(p []byte) (int, error) {
	if s.out != nil {
		return s.out.Write(p)
	}
	s.held.Write(p)
	if s.held.Len() < sendHeldBytes {
		return len(p), nil
	}
	s.start()
	s.out = bufio.NewWriterSize(s.w, 32<<10)
	if _, err := s.held.WriteTo(s.out); err != nil {
		return 0, err
	}
	s.held = bytes.Buffer{}
	return len(p), nil
}

// start sends the status line and the pages' headers.
func (s *spillWriter) start() {
	h := s.w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	s.w.WriteHeader(s.code)
}
