package daemon

import (
	"fmt"
	"log/slog"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/ping"
)

// ReadPingKeyFile reads --ping-key-file as serve and check-config both do: a bad key is an
// error naming the flag and the file (never the key); a file that every user of the host may
// read is a warning. No path means no key.
func ReadPingKeyFile(log *slog.Logger, path string) (string, error) {
	key, err := ping.ReadKeyFile(path)
	if err != nil {
		return "", fmt.Errorf("--ping-key-file: %w", err)
	}
	if key != "" && ping.KeyFileExposed(path) {
		log.Warn("every user of this host can read the ping key file, and with it ping for every service; chmod o-rwx it",
			"ping_key_file", path)
	}
	return key, nil
}
