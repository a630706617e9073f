package metrics

import "fmt"

// ServiceSeries says which services get series of their own (checkin_service_*).
type ServiceSeries int

const (
	// SeriesAll exports every service: an alert can name any of them.
	SeriesAll ServiceSeries = iota
	// SeriesProblems exports only the services that are not OK now; an OK service's series
	// vanish, which ends its alerts. For installations where one series per service is too many.
	SeriesProblems
	// SeriesNone exports only the aggregates.
	SeriesNone
)

var seriesNames = [...]string{"all", "problems", "none"}

func (s ServiceSeries) String() string {
	if s < 0 || int(s) >= len(seriesNames) {
		return fmt.Sprintf("ServiceSeries(%d)", int(s))
	}
	return seriesNames[s]
}

// ParseServiceSeries reads the value of --metrics-services: all, problems or none.
func ParseServiceSeries(text string) (ServiceSeries, error) {
	for i, name := range seriesNames {
		if text == name {
			return ServiceSeries(i), nil
		}
	}
	return 0, fmt.Errorf("want all, problems or none, not %q", text)
}
