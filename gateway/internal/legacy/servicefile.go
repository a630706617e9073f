package legacy

import "github.com/checkin-gateway/checkin-gateway/gateway/internal/legacy/servicefile"

// Service is one row of the older gateway's services table (or an entry of its services
// files).
type Service = servicefile.Service

// Listed is a service, or one value of it, that is not carried over as it was, and why.
type Listed = servicefile.Listed

// ReadServiceFiles reads the older gateway's services from its services.json or config/ folder
// (see servicefile.Read).
func ReadServiceFiles(path string) ([]Service, []Listed, error) { return servicefile.Read(path) }
