package storage

import "errors"

// ErrClosed is returned by writes after Close.
var ErrClosed = errors.New("store is closed")

// ErrUnavailable wraps every failed write: the database could not store the check-in (disk
// full, file or file system read-only, I/O error, file removed, server down), and nothing of
// it was stored.
var ErrUnavailable = errors.New("database cannot be written")

// ErrUnknownCursor is returned by history reads whose before names no check-in of the service
// (never stored, another service's, or deleted by retention since).
var ErrUnknownCursor = errors.New("no stored check-in of this service has that id")
