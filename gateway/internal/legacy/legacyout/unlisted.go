package legacyout

import (
	"context"
	"fmt"
	"strings"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/legacy"
)

// UnlistedNote names the services whose history an import carried over although the older
// gateway's services table does not list them (deleted there, or never configured): no
// --print-services entry brings them to services.json, so their history stays unseen until
// someone adds them. "" when there are none.
func UnlistedNote(ctx context.Context, src *legacy.Source, res legacy.Result) (string, error) {
	svcs, err := src.Services(ctx)
	if err != nil {
		return "", err
	}
	listed := make(map[string]bool, len(svcs))
	for _, s := range svcs {
		listed[s.Name] = true
	}
	var names []string
	for _, s := range res.Services {
		if s.Mapped > 0 && !listed[s.Service] {
			names = append(names, legacy.Printable(s.Service))
		}
	}
	if len(names) == 0 {
		return "", nil
	}
	verb := "imported"
	if res.DryRun {
		verb = "would be imported"
	}
	return fmt.Sprintf("history %s for services the older gateway's services table does not list "+
		"(add them to services.json to see it; --print-services does not print them): %s", verb, strings.Join(names, ", ")), nil
}
