package daemon

import (
	"fmt"
	"net"
	"strings"
)

// checkListenAddress refuses a --listen without a port or without a host-port form, like
// "5090" or "localhost", with the form it wants and an example built from what was given.
func checkListenAddress(addr string) error {
	if _, _, err := net.SplitHostPort(addr); err == nil {
		return nil
	}
	example := "127.0.0.1:5000"
	switch {
	case addr != "" && strings.Trim(addr, "0123456789") == "":
		example = "127.0.0.1:" + addr // a bare port
	case addr != "" && !strings.ContainsAny(addr, ":/ "):
		example = addr + ":5000" // a bare host
	}
	return fmt.Errorf("--listen %q: use HOST:PORT, e.g. %s (or :PORT for every address)", addr, example)
}
