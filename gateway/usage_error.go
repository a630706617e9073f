package main

import "errors"

// usageError is bad input on the command line that a command found itself: the process
// exits 2. (Errors from the parser keep exiting 1; kong's own exit codes are not used.)
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// exitCode is the process's exit status for an error run returned: 2 for a usageError, else 1.
func exitCode(err error) int {
	if errors.As(err, new(usageError)) {
		return 2
	}
	return 1
}
