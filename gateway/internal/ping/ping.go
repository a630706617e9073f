// Package ping takes Healthchecks-style pings (GET, HEAD or POST to /ping/<uuid>[/fail|/start|
// /log|/<exit status>], or /ping/<ping-key>/<service>[/...]) and stores each as a check-in, so
// that cron one-liners and wrappers written for Healthchecks report here by changing only their
// base URL. Answers are plain text, as Healthchecks gives them. See docs/pings.md.
package ping

import (
	"context"
	"crypto/subtle"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/metrics"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Store is what pings need of the check-in database.
type Store interface {
	Add(ctx context.Context, c storage.Checkin) error
}

// Limiter brakes guessing of ping URLs. Wrong uuids and keys count as failures of the client
// that sent r; while Wait is positive, that client's wrong pings are answered 429. A right
// uuid or key is never refused: both are secrets of at least 122 random bits.
type Limiter interface {
	Wait(r *http.Request) time.Duration
	Fail(r *http.Request)
}

// Metrics counts stored and refused pings, as check-ins are counted.
type Metrics interface {
	Received(service string, status checkin.Status)
	Rejected(reason string)
}

// Deps are what the ping handler uses.
type Deps struct {
	// Config returns the configuration in force; it changes on reload.
	Config  func() *config.Config
	Store   Store
	Limiter Limiter // nil: no limit
	Rates   Rates   // nil: no limit (rate.go)
	Metrics Metrics // nil: not counted
	Logger  *slog.Logger
	// LogRejected logs a refused ping (at info level, unless the caller quiets a flood from
	// one client); Logger.Info when nil.
	LogRejected func(r *http.Request, msg string, args ...any)
	Now         func() time.Time
	// Key is the project's ping key; "" turns pings by service name off.
	Key string
}

// BodyLimitHeader tells clients how much of a body is kept, as Healthchecks does.
const BodyLimitHeader = "Ping-Body-Limit"

// Handler answers every path under /ping/.
func Handler(d Deps) http.Handler {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Limiter == nil {
		d.Limiter = noLimit{}
	}
	if d.Metrics == nil {
		d.Metrics = noMetrics{}
	}
	if d.Rates == nil {
		d.Rates = noRates{}
	}
	if d.LogRejected == nil {
		logger := d.Logger
		d.LogRejected = func(_ *http.Request, msg string, args ...any) { logger.Info(msg, args...) }
	}
	return &handler{d}
}

type handler struct{ Deps }

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodPost:
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		answer(w, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	// Parsed only when there is one: most pings have none. A pair with a bad escape is left
	// out of query and refused below, once the target is known.
	var query url.Values
	var queryErr error
	if r.URL.RawQuery != "" {
		query, queryErr = url.ParseQuery(r.URL.RawQuery)
	}
	if slices.Contains(query["create"], "1") {
		answer(w, http.StatusNotFound, "not found") // services come from services.json only
		return
	}
	req, ok := parsePath(r.URL.EscapedPath(), h.Key, h.keyMatches)
	svc := h.service(req, ok)
	if svc == nil {
		h.unknown(w, r, "")
		return
	}
	if svc.Ping.Off {
		// Answered as an unknown target, so a URL does not tell whether its service exists;
		// the log names the service for the operator.
		h.unknown(w, r, svc.Name)
		return
	}
	if req.badAction {
		h.refuse(w, r, svc, http.StatusNotFound, "not found", metrics.ReasonBadRequest)
		return
	}
	if svc.Ping.POSTOnly && r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		h.refuse(w, r, svc, http.StatusMethodNotAllowed, "this service takes pings by POST only", metrics.ReasonBadRequest)
		return
	}
	if req.badExit {
		h.refuse(w, r, svc, http.StatusBadRequest, "exit status must be a number from 0 to 255", metrics.ReasonBadRequest)
		return
	}
	if queryErr != nil {
		h.refuse(w, r, svc, http.StatusBadRequest, respond.QueryProblem(queryErr), metrics.ReasonBadRequest)
		return
	}
	if len(query["rid"]) > 1 {
		h.refuse(w, r, svc, http.StatusBadRequest, "rid given more than once", metrics.ReasonBadRequest)
		return
	}
	rid := query.Get("rid")
	if rid != "" && !checkin.ValidRunID(rid) {
		h.refuse(w, r, svc, http.StatusBadRequest, "rid must be 1 to 64 letters, digits and -, such as a UUID", metrics.ReasonBadRequest)
		return
	}
	if wait, limit := h.Rates.Take(svc.Name, svc.Rate); wait > 0 {
		h.overRate(w, r, svc, wait, limit)
		return
	}
	body, err := readBody(w, r)
	if err != nil {
		h.refuseBody(w, r, svc, err)
		return
	}
	c := checkinOf(req, body)
	c.Service, c.RunID, c.At = svc.Name, rid, h.Now()
	if err := h.Store.Add(r.Context(), c); err != nil {
		h.storeFailed(w, r, svc, err)
		return
	}
	if c.Kind == checkin.KindReport {
		h.Metrics.Received(svc.Name, c.Status)
	}
	// Checked first: the call would cost its arguments on every ping even when off.
	if h.Logger.Enabled(r.Context(), slog.LevelDebug) {
		h.Logger.Debug("ping stored", "service", svc.Name, "kind", c.Kind, "status", c.Status, "request_id", respond.RequestID(r))
	}
	hdr := w.Header()
	hdr[BodyLimitHeader] = bodyLimit
	// As Healthchecks answers a stored ping: a web page's script may read the "OK". It could
	// send the ping without this header anyway; the answer tells nothing but that it was stored.
	hdr["Access-Control-Allow-Origin"] = anyOrigin
	answer(w, http.StatusOK, "OK")
}

// keyMatches compares a URL's first segment with the ping key in constant time.
func (h *handler) keyMatches(s string) bool {
	return subtle.ConstantTimeCompare([]byte(s), []byte(h.Key)) == 1
}

// service is the service a ping URL names, or nil when it names none.
func (h *handler) service(req request, ok bool) *config.Service {
	if !ok {
		return nil
	}
	cfg := h.Config()
	var svc *config.Service
	if req.uuid != "" {
		svc = cfg.ServiceByPingUUID(req.uuid)
	} else {
		svc = cfg.Service(req.slug)
	}
	return svc
}

// checkinOf is the check-in a ping stores, without service, run id and time.
func checkinOf(req request, body string) storage.Checkin {
	c := storage.Checkin{Info: info(req, body)}
	switch req.act {
	case actFail:
		c.Status = checkin.Critical
	case actExit:
		if req.exit != 0 {
			c.Status = checkin.Critical
		}
	case actStart:
		c.Kind = checkin.KindStart
	case actLog:
		c.Kind = checkin.KindLog
	}
	return c
}

// unknown answers a ping whose uuid, key or service is wrong, or whose service has pings off
// (then off names it): 404, counted against the client, or 429 while the client has failed too
// often. The URL is never logged.
func (h *handler) unknown(w http.ResponseWriter, r *http.Request, off string) {
	if wait := h.Limiter.Wait(r); wait > 0 {
		secs := int(math.Ceil(wait.Seconds()))
		h.Metrics.Rejected(metrics.ReasonRateLimited)
		h.Logger.Debug("ping rejected", "reason", "rate limited", "remote", r.RemoteAddr, "request_id", respond.RequestID(r))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		answer(w, http.StatusTooManyRequests, "too many wrong pings from your address; try again in "+strconv.Itoa(secs)+" seconds")
		return
	}
	h.Limiter.Fail(r)
	h.Metrics.Rejected(metrics.ReasonUnauthorized)
	what := []any{"reason", "unknown ping target"}
	if off != "" {
		what = []any{"reason", "pings are off for this service (\"ping\": false)", "service", off}
	}
	h.LogRejected(r, "ping rejected", append(what, "remote", r.RemoteAddr, "request_id", respond.RequestID(r))...)
	answer(w, http.StatusNotFound, "not found")
}

// refuse answers a ping for a known service that cannot be taken; msg is safe to show.
func (h *handler) refuse(w http.ResponseWriter, r *http.Request, svc *config.Service, code int, msg, reason string) {
	h.Metrics.Rejected(reason)
	h.LogRejected(r, "ping rejected", "reason", msg, "service", svc.Name, "remote", r.RemoteAddr, "request_id", respond.RequestID(r))
	answer(w, code, msg)
}

// refuseBody answers a ping whose body could not be read, in plain text with the code and
// message package body chose.
func (h *handler) refuseBody(w http.ResponseWriter, r *http.Request, svc *config.Service, err error) {
	var re *respond.Error
	if !errors.As(err, &re) {
		h.refuse(w, r, svc, http.StatusBadRequest, "could not read the body", metrics.ReasonBadRequest)
		return
	}
	reason := metrics.ReasonBadRequest
	switch re.Code {
	case http.StatusRequestEntityTooLarge:
		reason = metrics.ReasonTooLarge
	case http.StatusRequestTimeout:
		reason = metrics.ReasonTimeout
	}
	h.refuse(w, r, svc, re.Code, re.Msg, reason)
}

// storeFailed answers a ping the database did not take: 503 when it cannot be written or is
// closing (the client may retry), 500 otherwise. Logged with the service, never the URL.
func (h *handler) storeFailed(w http.ResponseWriter, r *http.Request, svc *config.Service, err error) {
	id := respond.RequestID(r)
	var refused *respond.Error
	switch {
	case errors.Is(err, storage.ErrClosed):
		answer(w, http.StatusServiceUnavailable, "the gateway is shutting down")
	case errors.As(err, &refused): // such as 507 for a full disk
		answer(w, refused.Code, refused.Msg)
	case errors.Is(err, storage.ErrUnavailable):
		h.Logger.Error("write failed", "service", svc.Name, "err", err, "request_id", id)
		answer(w, http.StatusServiceUnavailable, "ping not stored: the database cannot be written; try again later")
	default:
		h.Logger.Error("ping failed", "service", svc.Name, "err", err, "request_id", id)
		answer(w, http.StatusInternalServerError, "internal error")
	}
}

// The values of the headers every answer carries, built once: net/http only reads them.
var (
	bodyLimit   = []string{strconv.Itoa(checkin.MaxBodyBytes)}
	textPlain   = []string{"text/plain; charset=utf-8"}
	notToBeKept = []string{"no-store"}
	anyOrigin   = []string{"*"}
)

// answer writes a plain-text answer.
func answer(w http.ResponseWriter, code int, text string) {
	h := w.Header()
	h["Content-Type"] = textPlain
	h["Cache-Control"] = notToBeKept
	w.WriteHeader(code)
	_, _ = w.Write([]byte(text)) // the client went away; nothing to do
}

type noLimit struct{}

func (noLimit) Wait(*http.Request) time.Duration { return 0 }
func (noLimit) Fail(*http.Request)               {}

type noMetrics struct{}

func (noMetrics) Received(string, checkin.Status) {}
func (noMetrics) Rejected(string)                 {}
