package daemon

import (
	"log/slog"
	"net/http"
	"testing"
)

// Every timeout flag reaches the HTTP server.
func TestTimeoutsReachServer(t *testing.T) {
	tt := Timeouts{ReadHeaderTimeout: 1, ReadTimeout: 2, WriteTimeout: 3, IdleTimeout: 4}
	s := tt.server(http.NotFoundHandler(), slog.New(slog.DiscardHandler))
	if s.ReadHeaderTimeout != 1 || s.ReadTimeout != 2 || s.WriteTimeout != 3 || s.IdleTimeout != 4 || s.MaxHeaderBytes == 0 {
		t.Errorf("server timeouts = %v %v %v %v max header %d; want 1 2 3 4 and a header limit",
			s.ReadHeaderTimeout, s.ReadTimeout, s.WriteTimeout, s.IdleTimeout, s.MaxHeaderBytes)
	}
}
