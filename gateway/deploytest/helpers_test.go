package deploytest

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// repoRoot is the top of the repository, two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// pluginBinary builds check_checkin once per test run and returns its path.
func pluginBinary(t *testing.T) string {
	t.Helper()
	skipShort(t)
	return checkintest.Build(t, "../../plugin", "check_checkin")
}

// writeFile writes content to name in dir and returns the path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// testServices is the services.json the client tests check in to.
const testServices = `{
  "backup": {"token": "tok\"en\\with quotes", "timeout": "1d"},
  "laptop": {"token": "laptop-token", "timeout": "1d"}
}`

// startGateway runs the real binary (`checkin-gateway serve`) on a free 127.0.0.1 port with
// services (a services.json text) and extra flags, and waits until /alive answers. client is
// used to poll (for TLS).
func startGateway(t *testing.T, services string, client *http.Client, extra ...string) *gatewaytest.Gateway {
	t.Helper()
	return gatewaytest.Start(t, gatewaytest.Options{Command: "serve", Services: services, Client: client, Args: extra})
}

// skipShort skips an end-to-end test of deploy/ (a real gateway, plugin or release build)
// under -short.
func skipShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test of deploy/: skipped under -short")
	}
}
