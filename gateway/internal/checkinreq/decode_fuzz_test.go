package checkinreq

import (
	"errors"
	"net/http"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// FuzzParseCheckin: whatever the body, parsing does not panic, refuses with a short 400, or
// returns a check-in that is valid in every field.
func FuzzParseCheckin(f *testing.F) {
	f.Add([]byte(`{"service": "backup", "token": "secret-backup", "status": "OK", "info": "done"}`), false)
	f.Add([]byte(`{"service_name": "backup", "token": "t", "status": "warning", "info": null, "x": [1, {"y": 2}]}`), true)
	f.Add([]byte(`service=backup&token=t&status=critical&info=exit+2`), true)
	f.Add([]byte(`{"service": "backup", "token": "t", "status": "OK", "status": "OK"}`), false)
	f.Add([]byte(`[1, 2]`), false)
	f.Fuzz(func(t *testing.T, body []byte, form bool) {
		req, err := parseCheckin(body, form)
		if err != nil {
			var ae *respond.Error
			if !errors.As(err, &ae) || ae.Code != http.StatusBadRequest {
				t.Fatalf("parseCheckin(%q) = %v; want a 400 respond.Error", body, err)
			}
			if len(ae.Msg) > 200 {
				t.Fatalf("error message is %d bytes long; it may echo the body: %q", len(ae.Msg), ae.Msg)
			}
			return
		}
		if !config.ValidName(req.Service) || req.Token == "" || !req.Status.Valid() || checkin.HasInfoControl(req.Info) {
			t.Fatalf("parseCheckin(%q) accepted an invalid check-in: %+v", body, req)
		}
	})
}
