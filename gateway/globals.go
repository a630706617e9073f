package main

import (
	"io"
	"log/slog"
)

// version is stamped in by the build (-ldflags "-X main.version=...").
var version = "dev"

// globals reach every command's Run.
type globals struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	logger         *slog.Logger
}
