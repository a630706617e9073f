package icingatest

import (
	"net/http"
	"testing"
	"time"
)

// Start runs the Icinga daemon on config until Stop or the end of the test, and waits until
// its API answers for host.
func (s *Sandbox) Start(t testing.TB, config, host string) *Daemon {
	t.Helper()
	s.daemon = StartProcess(t, "icinga2", s.command(t, "daemon", "-c", config))
	// Before the daemon stops (cleanups run last first): see Stop.
	t.Cleanup(s.client.CloseIdleConnections)
	s.WaitFor(t, 30*time.Second, "the Icinga API to know host "+host, func() bool {
		code, _, err := s.Call("GET", "/v1/objects/hosts/"+host, "", nil)
		return err == nil && code == http.StatusOK
	})
	return s.daemon
}

// WaitFor polls ready every 50ms until it is true. It fails the test, showing the daemon's log,
// when the daemon exits first or limit passes.
func (s *Sandbox) WaitFor(t testing.TB, limit time.Duration, what string, ready func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ready() {
		if s.daemon != nil && s.daemon.Exited() {
			s.Fatalf(t, "icinga2 exited while waiting for %s", what)
		}
		if time.Now().After(deadline) {
			s.Fatalf(t, "no %s within %v", what, limit)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Fatalf fails the test with the message and the daemon's log so far.
func (s *Sandbox) Fatalf(t testing.TB, format string, args ...any) {
	t.Helper()
	t.Fatalf(format+"\n%s", append(args, s.logSection())...)
}

// Errorf reports a failed check with the message; the daemon's log follows once, at the end of
// the test.
func (s *Sandbox) Errorf(t testing.TB, format string, args ...any) {
	t.Helper()
	t.Errorf(format, args...)
	if s.daemon != nil && !s.logShown {
		s.logShown = true
		t.Cleanup(func() { t.Logf("%s", s.logSection()) })
	}
}

func (s *Sandbox) logSection() string {
	if s.daemon == nil {
		return "(icinga2 was not started)"
	}
	return "icinga2 said:\n" + s.daemon.Log()
}
