package config

import (
	"fmt"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/legacy/servicefile"
)

// withOlderForm adds to err, the error for the duration text, how to write text here when it
// is one of the older gateway's forms ("2 days", "1h 30m", "1:30:00"), and the command that
// converts a whole older services.json. Other errors stay as they are.
func withOlderForm(text string, err error) error {
	d, perr := servicefile.ParseDuration(text)
	if perr != nil {
		return err
	}
	return fmt.Errorf("%w; write %q (the older gateway's form; import-legacy --from-config converts a whole older services.json)",
		err, servicefile.FormatDuration(d))
}
