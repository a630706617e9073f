package metrics

import (
	"bufio"
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/overview"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// scrapeTimeout bounds one scrape's reads of the summaries.
const scrapeTimeout = 5 * time.Second

// The per-service families, in whole seconds (shorter lines; alerts need no finer): each stays because an alert or a dashboard needs it (see
// docs/metrics.md). Everything else about a service is on its status page and in the API.
var serviceFamilies = []family{
	{"checkin_service_state", "State as Icinga sees it now: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN."},
	{"checkin_service_due_in_seconds", "Seconds until the service is overdue (turns WARNING); negative once it is. Absent when it never goes overdue or never checked in."},
	{"checkin_service_last_checkin_timestamp_seconds", "Unix time of the newest check-in. Absent when the service never checked in."},
	{"checkin_service_last_run_duration_seconds", "How long the newest finished run took (from its start signal to its report). Absent when no run was timed."},
}

// The aggregate families written beside them.
var (
	famServices = family{"checkin_services", "Configured services, by state now."}
	famDBSize   = family{"checkin_database_size_bytes", "Size of the database on disk: the main file plus its write-ahead log."}
	famDBUp     = family{"checkin_database_up", "1 when the store answered this scrape and its file is in place, else 0 (and the service series are missing)."}
)

type family struct{ name, help string }

// services writes the series computed at scrape time from the configuration in force and the
// store's in-memory summaries, so that a service turns overdue without any new check-in.
type services struct {
	cfg    func() *config.Config
	store  Store
	now    func() time.Time
	series ServiceSeries
}

// serviceSample is what one service's series say.
type serviceSample struct {
	name        string
	status      checkin.Status
	due, last   int64 // seconds: until overdue, Unix time of the newest check-in
	hasDue, has bool
	duration    float64 // seconds of the newest finished run; 0 when none was timed
}

// write evaluates every service once and writes the families in the text format.
func (s *services) write(ctx context.Context, w *bufio.Writer) {
	ctx, cancel := context.WithTimeout(ctx, scrapeTimeout)
	defer cancel()
	cfg, now := s.cfg(), s.now()
	var counts [4]int
	var samples []serviceSample
	if s.series != SeriesNone {
		samples = make([]serviceSample, 0, cfg.Len())
	}
	svcs := cfg.Services()
	sums, err := s.readEvery(ctx, cfg)
	up := err == nil
	if !up {
		svcs = nil // a store that cannot answer gives no states rather than wrong ones
	}
	for i, svc := range svcs {
		name := svc.Name
		var sum storage.Summary
		if sums != nil {
			sum = sums[i]
		} else if sum, err = s.store.Summary(ctx, name); err != nil {
			up = false
			break
		}
		res := overview.Evaluate(svc, sum, now)
		counts[res.Status]++
		if s.series == SeriesNone || (s.series == SeriesProblems && res.Status == checkin.OK) {
			continue
		}
		smp := serviceSample{name: name, status: res.Status, duration: res.LastDuration.Seconds()}
		if !res.NextDue.IsZero() {
			smp.due, smp.hasDue = int64(res.NextDue.Sub(now)/time.Second), true
		}
		if !res.Latest.None() {
			smp.last, smp.has = res.Latest.At.Unix(), true
		}
		samples = append(samples, smp)
	}
	size, err := s.store.Size()
	up = up && err == nil
	if err == nil {
		writeHead(w, famDBSize)
		writeValue(w, famDBSize.name, "", "", strconv.FormatInt(size, 10))
	}
	writeHead(w, famDBUp)
	writeValue(w, famDBUp.name, "", "", boolText(up))
	if !up {
		return // a store that cannot answer gives no states rather than wrong ones
	}
	writeHead(w, famServices)
	for _, st := range overview.Worst {
		writeValue(w, famServices.name, "state", st.String(), strconv.Itoa(counts[st]))
	}
	if s.series == SeriesNone {
		return
	}
	var num []byte
	for i, fam := range serviceFamilies {
		writeHead(w, fam)
		for _, smp := range samples {
			num = num[:0]
			switch i {
			case 0:
				num = strconv.AppendInt(num, int64(smp.status), 10)
			case 1:
				if !smp.hasDue {
					continue
				}
				num = strconv.AppendInt(num, smp.due, 10)
			case 2:
				if !smp.has {
					continue
				}
				num = strconv.AppendInt(num, smp.last, 10)
			case 3:
				if smp.duration == 0 {
					continue
				}
				num = strconv.AppendFloat(num, smp.duration, 'f', -1, 64)
			}
			writeValue(w, fam.name, "service", smp.name, string(num))
		}
	}
}

// readEvery reads every summary in one go from a store that offers it (overview.Every:
// PostgreSQL, where each Summary is a query); nil means each is read alone.
func (s *services) readEvery(ctx context.Context, cfg *config.Config) ([]storage.Summary, error) {
	every, ok := s.store.(overview.Every)
	if !ok {
		return nil, nil
	}
	return overview.ReadEvery(ctx, every, cfg)
}

func writeHead(w *bufio.Writer, f family) {
	w.WriteString("# HELP ")
	w.WriteString(f.name)
	w.WriteByte(' ')
	w.WriteString(f.help)
	w.WriteString("\n# TYPE ")
	w.WriteString(f.name)
	w.WriteString(" gauge\n")
}

// labelEscaper escapes a label value as the text format wants it. Service names cannot hold
// these characters (config.ValidName); it is here so that a future name rule cannot break
// the exposition.
var labelEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)

func writeValue(w *bufio.Writer, name, label, value, num string) {
	w.WriteString(name)
	if label != "" {
		w.WriteByte('{')
		w.WriteString(label)
		w.WriteString(`="`)
		if strings.ContainsAny(value, "\\\n\"") {
			value = labelEscaper.Replace(value)
		}
		w.WriteString(value)
		w.WriteString(`"}`)
	}
	w.WriteByte(' ')
	w.WriteString(num)
	w.WriteByte('\n')
}

func boolText(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
