package checkin

import "time"

// MaxBodyBytes is the largest check-in body the gateway reads.
const MaxBodyBytes = 64 << 10

// Request is a check-in as clients send it. Older clients send service_name instead of service;
// the gateway accepts both.
type Request struct {
	Service string `json:"service"`
	Token   string `json:"token"`
	Status  Status `json:"status"`
	Info    string `json:"info,omitempty"`
	// Kind is KindStart when the client sent "status": "START" (a run begins; Status is then
	// not used), else KindReport.
	Kind Kind `json:"-"`
	// RunID pairs a start with the report that finishes it; "" when the client sent none.
	RunID string `json:"run_id,omitempty"`
}

// State is the gateway's answer to "what is this service's state now?".
//
// The first four fields are the older gateway's answer, unchanged, so that its plugin keeps
// working: Timestamp is the newest report's time in Unix seconds, 0 when the service never
// reported in. The rest say how the state was reached.
type State struct {
	Service   string `json:"service"`
	Status    Status `json:"status"`
	Timestamp int64  `json:"timestamp"`
	Info      string `json:"info"`

	// ReportedStatus and ReportedAt are those of the newest report; nil when there is none.
	ReportedStatus *Status    `json:"reported_status"`
	ReportedAt     *time.Time `json:"reported_at"`
	// AgeSeconds is how long ago the newest report arrived; nil when there is none.
	AgeSeconds     *int64 `json:"age_seconds"`
	TimeoutSeconds int64  `json:"timeout_seconds"`
	GraceSeconds   int64  `json:"grace_seconds"`
	Overdue        bool   `json:"overdue"`
	Owner          string `json:"owner,omitempty"`

	// Schedule and TZ are the service's cron schedule and its zone; "" for a timeout service.
	Schedule string `json:"schedule"`
	TZ       string `json:"tz"`
	// NextDueAt is the time after which the service turns WARNING; nil when it never does (it
	// never reported, or its timeout is 0).
	NextDueAt *time.Time `json:"next_due_at"`
	// LastDurationSeconds is the length of the newest finished run; nil when none is known.
	LastDurationSeconds *float64 `json:"last_duration_seconds"`
	// RunningSince is the start of a run that has not finished yet; nil when none is open.
	RunningSince *time.Time `json:"running_since"`
	// PrunedByCap is how many of the service's oldest check-ins its history size cap
	// (history_max_bytes) deleted, PrunedByCapAt when it last did; omitted when it never did.
	PrunedByCap   int64      `json:"pruned_by_cap,omitempty"`
	PrunedByCapAt *time.Time `json:"pruned_by_cap_at,omitempty"`
}

// HistoryEntry is one stored check-in, as the history endpoint lists it, newest first.
type HistoryEntry struct {
	Status     Status    `json:"status"`
	Info       string    `json:"info"`
	Timestamp  int64     `json:"timestamp"`
	ReportedAt time.Time `json:"reported_at"`
	// ID places the entry for paging: ?before=ID lists the entries older than this one.
	ID int64 `json:"id"`
	// Kind is "start" for a run's start signal and "log" for a log entry; omitted for reports.
	Kind Kind `json:"kind,omitempty"`
	// RunID is the run id the client sent; DurationSeconds the length of the run this report
	// finished.
	RunID           string   `json:"run_id,omitempty"`
	DurationSeconds *float64 `json:"duration_seconds,omitempty"`
}

// Error is the body of every error answer.
type Error struct {
	Error string `json:"error"`
}
