// Package e2e holds end-to-end tests that start the real checkin-gateway binary, with real
// outside programs (Icinga 2) where the feature needs them. It has no code of its own.
package e2e
