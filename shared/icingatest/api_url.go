package icingatest

import (
	"fmt"
	"path/filepath"
)

// APIURL is the base URL of the sandbox's REST API, as a client such as the gateway's push
// mode is given it.
func (s *Sandbox) APIURL() string { return fmt.Sprintf("https://127.0.0.1:%d", s.APIPort) }

// CAFile is the CA certificate that signed the API's certificate (Icinga's own CA; here the
// certificate itself), for a client to check the API with.
func (s *Sandbox) CAFile() string { return filepath.Join(s.Dir, "lib", "certs", "ca.crt") }
