package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// errNoIcinga says icinga2 is not installed; the push section is then skipped.
var errNoIcinga = errors.New("icinga2 is not installed")

// icinga is an Icinga 2 daemon in a folder of the bench's temp dir, with its API on a free
// loopback port and a self-signed certificate that is also its CA (as shared/icingatest does
// for the tests).
type icinga struct {
	bin, dir string
	port     int
	cmd      *exec.Cmd
	client   *http.Client
}

const benchIcingaPassword = "bench-icinga-password"

// icingaStartLimit is how long Icinga may take to start: with 100,000 Services (P5), minutes.
const icingaStartLimit = 10 * time.Minute

// startIcinga writes the node's configuration, including the files of includes, with the
// plugins of pluginDir, starts the daemon and waits until its API knows the Host host.
func startIcinga(dir, pluginDir string, includes []string, host string) (*icinga, error) {
	bin, err := exec.LookPath("icinga2")
	if err != nil {
		if _, serr := os.Stat("/usr/sbin/icinga2"); serr != nil {
			return nil, errNoIcinga
		}
		bin = "/usr/sbin/icinga2"
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	ic := &icinga{bin: bin, dir: dir, port: port}
	for _, sub := range []string{"etc/zones.d", "lib/certs", "log", "cache", "spool", "run"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, err
		}
	}
	pool, err := ic.writeCertificate()
	if err != nil {
		return nil, err
	}
	ic.client = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	var b strings.Builder
	fmt.Fprintf(&b, "const PluginDir = %q\nconst NodeName = \"localhost\"\nconst ZoneName = NodeName\n", pluginDir)
	b.WriteString("include <itl>\ninclude <plugins>\nobject CheckerComponent \"checker\" {}\n")
	b.WriteString("object Endpoint NodeName {}\nobject Zone ZoneName { endpoints = [ NodeName ] }\n")
	fmt.Fprintf(&b, "object ApiListener \"api\" { bind_host = \"127.0.0.1\"; bind_port = %d }\n", port)
	fmt.Fprintf(&b, "object ApiUser \"bench\" { password = %q; permissions = [ \"*\" ] }\n", benchIcingaPassword)
	for _, inc := range includes {
		fmt.Fprintf(&b, "include %q\n", inc)
	}
	config := filepath.Join(dir, "etc", "icinga2.conf")
	if err := os.WriteFile(config, []byte(b.String()), 0o644); err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(dir, "icinga2.log"))
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	ic.cmd, err = ic.command("daemon", "-c", config)
	if err != nil {
		return nil, err
	}
	ic.cmd.Stdout, ic.cmd.Stderr = logf, logf
	ic.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := ic.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start icinga2: %w", err)
	}
	for start := time.Now(); time.Since(start) < icingaStartLimit; time.Sleep(50 * time.Millisecond) {
		if code, _, err := ic.call("GET", "/v1/objects/hosts/"+host, nil); err == nil && code == http.StatusOK {
			return ic, nil
		}
	}
	ic.stop()
	return nil, fmt.Errorf("icinga2 API did not answer within %v; see %s", icingaStartLimit, logf.Name())
}

// command is icinga2 with args, kept inside the folder, as the current user.
func (ic *icinga) command(args ...string) (*exec.Cmd, error) {
	for _, d := range []struct{ name, sub string }{
		{"ConfigDir", "etc"}, {"DataDir", "lib"}, {"LogDir", "log"}, {"CacheDir", "cache"},
		{"SpoolDir", "spool"}, {"InitRunDir", "run"}, {"ZonesDir", "etc/zones.d"},
	} {
		args = append(args, "-D"+d.name+"="+filepath.Join(ic.dir, d.sub))
	}
	u, err := user.Current()
	if err != nil {
		return nil, err
	}
	group := u.Gid
	if g, err := user.LookupGroupId(u.Gid); err == nil {
		group = g.Name
	}
	cmd := exec.Command(ic.bin, args...)
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8", "ICINGA2_USER=" + u.Username, "ICINGA2_GROUP=" + group}
	return cmd, nil
}

// writeCertificate writes a self-signed EC certificate for CN=localhost and 127.0.0.1 as the
// node's certificate and CA, and returns a pool that trusts it.
func (ic *icinga) writeCertificate() (*x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(48 * time.Hour),
		IsCA: true, BasicConstraintsValid: true,
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		DNSNames:    []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	crt := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	certs := filepath.Join(ic.dir, "lib", "certs")
	for name, data := range map[string][]byte{"localhost.crt": crt, "ca.crt": crt,
		"localhost.key": pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})} {
		if err := os.WriteFile(filepath.Join(certs, name), data, 0o600); err != nil {
			return nil, err
		}
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(crt)
	return pool, nil
}

func (ic *icinga) url() string    { return fmt.Sprintf("https://127.0.0.1:%d", ic.port) }
func (ic *icinga) caFile() string { return filepath.Join(ic.dir, "lib", "certs", "ca.crt") }

// call sends one API request as the bench's admin user; a body makes it a query sent as POST
// with X-HTTP-Method-Override: GET.
func (ic *icinga) call(method, path string, query any) (int, []byte, error) {
	var rd io.Reader
	if query != nil {
		b, err := json.Marshal(query)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, ic.url()+path, rd)
	if err != nil {
		return 0, nil, err
	}
	req.SetBasicAuth("bench", benchIcingaPassword)
	req.Header.Set("Accept", "application/json")
	if query != nil {
		req.Method = http.MethodPost
		req.Header.Set("X-HTTP-Method-Override", "GET")
	}
	resp, err := ic.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp.StatusCode, out, err
}

// serviceState is a Service's state (0..3) and the output of its last result.
func (ic *icinga) serviceState(object string) (int, string, error) {
	code, body, err := ic.call("GET", "/v1/objects/services", map[string]any{
		"filter": fmt.Sprintf("service.__name == %q", object), "attrs": []string{"state", "last_check_result"}})
	if err != nil || code != http.StatusOK {
		return 0, "", fmt.Errorf("query %s: HTTP %d, %v", object, code, err)
	}
	var answer struct {
		Results []struct {
			Attrs struct {
				State float64 `json:"state"`
				Last  *struct {
					Output string `json:"output"`
				} `json:"last_check_result"`
			} `json:"attrs"`
		} `json:"results"`
	}
	if err := json.Unmarshal(body, &answer); err != nil || len(answer.Results) != 1 {
		return 0, "", fmt.Errorf("query %s: %v, %d results", object, err, len(answer.Results))
	}
	a := answer.Results[0].Attrs
	if a.Last == nil {
		return int(a.State), "", nil
	}
	return int(a.State), a.Last.Output, nil
}

// stop ends the daemon (SIGTERM, then SIGKILL to its group after 30s).
func (ic *icinga) stop() {
	if ic.cmd == nil || ic.cmd.Process == nil {
		return
	}
	pid := ic.cmd.Process.Pid
	_ = syscall.Kill(pid, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = ic.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
	}
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	ic.client.CloseIdleConnections()
}
