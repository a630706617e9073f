package icingatest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Call sends one request to the API as the user "test". With override set, the request carries
// X-HTTP-Method-Override, as Icinga wants for a query (GET) with a body sent as POST.
func (s *Sandbox) Call(method, path, override string, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, fmt.Sprintf("https://127.0.0.1:%d%s", s.APIPort, path), rd)
	if err != nil {
		return 0, nil, err
	}
	req.SetBasicAuth("test", s.password)
	req.Header.Set("Accept", "application/json")
	if override != "" {
		req.Header.Set("X-HTTP-Method-Override", override)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp.StatusCode, out, err
}

// Objects queries the objects of a type ("Host", "Service", "Notification") that match an
// Icinga filter expression, and decodes each one's attrs (asked for by their JSON names) into a
// new value of T, keyed by the object's full name ("host!service" for a Service).
func Objects[T any](t testing.TB, s *Sandbox, typ, filter string, attrs ...string) map[string]T {
	t.Helper()
	query := map[string]any{"filter": filter, "attrs": append([]string{"__name"}, attrs...)}
	code, body, err := s.Call(http.MethodPost, "/v1/objects/"+strings.ToLower(typ)+"s", "GET", query)
	if err != nil || code != http.StatusOK {
		s.Fatalf(t, "query %ss where %s: HTTP %d, %v\n%s", typ, filter, code, err, body)
	}
	var answer struct {
		Results []struct {
			Attrs json.RawMessage `json:"attrs"`
		} `json:"results"`
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		s.Fatalf(t, "query %ss: %v\n%s", typ, err, body)
	}
	out := make(map[string]T, len(answer.Results))
	for _, r := range answer.Results {
		var name struct {
			Name string `json:"__name"`
		}
		var v T
		if err := json.Unmarshal(r.Attrs, &name); err != nil {
			s.Fatalf(t, "%s attrs: %v\n%s", typ, err, r.Attrs)
		}
		if err := json.Unmarshal(r.Attrs, &v); err != nil {
			s.Fatalf(t, "%s %s attrs: %v\n%s", typ, name.Name, err, r.Attrs)
		}
		out[name.Name] = v
	}
	return out
}

// Result is what the tests read of a Host's or Service's state and last check.
type Result struct {
	State     int  `json:"state"`          // Host: 0 UP, 1 DOWN; Service: 0 OK .. 3 UNKNOWN
	StateType int  `json:"state_type"`     // 0 SOFT, 1 HARD (Icinga notifies on HARD changes)
	Reachable bool `json:"last_reachable"` // false once a parent (a Dependency, the host) is down
	Last      struct {
		Output          string   `json:"output"`
		PerformanceData []string `json:"performance_data"`
		ExitStatus      int      `json:"exit_status"`
		Command         Command  `json:"command"`
		ExecutionEnd    float64  `json:"execution_end"`
	} `json:"last_check_result"`
}

// Command is the command line Icinga ran for a check: the argv of a plugin, or one word for a
// check built into Icinga (like "dummy").
type Command []string

// UnmarshalJSON takes an array of strings or one string.
func (c *Command) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*c = Command{one}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(c))
}

// Hard reports whether the state is HARD.
func (r Result) Hard() bool { return r.StateType == 1 }

// Results reads the state and last check of the objects of typ ("Host", "Service") matching filter.
func (s *Sandbox) Results(t testing.TB, typ, filter string) map[string]Result {
	t.Helper()
	return Objects[Result](t, s, typ, filter, "state", "state_type", "last_reachable", "last_check_result")
}

// CheckNow forces a check of every object of typ matching filter and waits until each has a
// result from after the request.
func (s *Sandbox) CheckNow(t testing.TB, typ, filter string) map[string]Result {
	t.Helper()
	since := float64(time.Now().UnixNano())/1e9 - 0.001
	req := map[string]any{"type": typ, "filter": filter, "force": true}
	if code, body, err := s.Call(http.MethodPost, "/v1/actions/reschedule-check", "", req); err != nil || code != http.StatusOK {
		s.Fatalf(t, "reschedule %s checks where %s: HTTP %d, %v\n%s", typ, filter, code, err, body)
	}
	var fresh map[string]Result
	s.WaitFor(t, 30*time.Second, fmt.Sprintf("fresh %s check results where %s", typ, filter), func() bool {
		fresh = s.Results(t, typ, filter)
		for _, r := range fresh {
			if r.Last.ExecutionEnd < since {
				return false
			}
		}
		return len(fresh) > 0
	})
	return fresh
}
