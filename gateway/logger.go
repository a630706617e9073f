package main

import (
	"io"
	"log/slog"
	"strings"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/logbudget"
)

// newLogger is the process's logger: level and format as --log-level and --log-format give them,
// and a flood of one message summed up (package logbudget).
func newLogger(w io.Writer, level, format string) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(strings.ToUpper(level))) // kong's enum checked it
	opts := &slog.HandlerOptions{Level: lvl}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if format == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(logbudget.New(h))
}
