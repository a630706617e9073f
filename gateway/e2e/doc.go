// Package e2e holds end-to-end tests that start the real checkin-gateway binary (with
// internal/gatewaytest) and the programs around it: Icinga 2, Chromium, curl. They skip under
// -short.
package e2e
