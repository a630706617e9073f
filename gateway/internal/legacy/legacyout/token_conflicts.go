package legacyout

import (
	"fmt"
	"io"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/legacy"
)

// tokenConflicts names the services our services.json has whose token is not the older
// gateway's: their clients, sending the older token, would be refused. With preferOld (and a
// merge) the older token replaces ours in the printed file.
func tokenConflicts(w io.Writer, conv legacy.Conversion, ourCfg *config.Config, ours *legacy.Existing, path string, preferOld, hash bool) error {
	for _, e := range conv.Entries {
		svc := ourCfg.Service(e.Name)
		if svc == nil || svc.Authorize(e.Token) {
			continue
		}
		if preferOld {
			if err := ours.SetToken(e.Name, e.Token, hash); err != nil {
				return err
			}
			fmt.Fprintf(w, "token differs from the older gateway's: %s: printed with the older token (--prefer-old-tokens), so its clients need no change; the token in %s no longer works\n",
				legacy.Printable(e.Name), path)
			continue
		}
		fmt.Fprintf(w, "token differs from the older gateway's: %s: its clients send the older token and will be refused (HTTP 401) until they get the token in %s; --prefer-old-tokens keeps the older token instead\n",
			legacy.Printable(e.Name), path)
	}
	return nil
}
