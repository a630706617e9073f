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
}

// HistoryEntry is one stored check-in, as the history endpoint lists it, newest first.
type HistoryEntry struct {
	Status     Status    `json:"status"`
	Info       string    `json:"info"`
	Timestamp  int64     `json:"timestamp"`
	ReportedAt time.Time `json:"reported_at"`
}

// Error is the body of every error answer.
type Error struct {
	Error string `json:"error"`
}
