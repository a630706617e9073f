package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// gateway is a running gateway process.
type gateway struct {
	cmd  *exec.Cmd
	addr string
	port int
}

// startGateway starts the gateway on a free loopback port and returns once /alive answers,
// with the time that took from the start of the process.
func startGateway(bin, config, db, logFile string) (*gateway, time.Duration, error) {
	port, err := freePort()
	if err != nil {
		return nil, 0, err
	}
	logf, err := os.OpenFile(logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, 0, err
	}
	defer logf.Close()
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(bin, "--listen", addr, "--config", config, "--db", db, "--log-level", "warn")
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = gatewayEnv(os.Environ())
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, 0, fmt.Errorf("start %s: %w", bin, err)
	}
	g := &gateway{cmd: cmd, addr: addr, port: port}
	for time.Since(start) < 20*time.Second {
		if alive(addr) {
			return g, time.Since(start), nil
		}
		time.Sleep(time.Millisecond)
	}
	g.stop()
	return nil, 0, fmt.Errorf("gateway did not answer /alive within 20s; see %s", logFile)
}

// unitArenas is the unit's Environment=MALLOC_ARENA_MAX=2 (deploy/systemd): glibc's malloc,
// where SQLite allocates, keeps two arenas instead of up to eight per core.
const unitArenas = "MALLOC_ARENA_MAX=2"

// gatewayEnv is the gateway's environment: the bench's, with the unit's unitArenas unless
// MALLOC_ARENA_MAX is set already (MALLOC_ARENA_MAX=16 is glibc's own default on 2 cores).
func gatewayEnv(env []string) []string {
	for _, kv := range env {
		if strings.HasPrefix(kv, "MALLOC_ARENA_MAX=") {
			return env
		}
	}
	return append(env, unitArenas)
}

// alive reports whether GET /alive answers 204.
func alive(addr string) bool {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := conn.Write([]byte("GET /alive HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")); err != nil {
		return false
	}
	code, err := readResponse(bufio.NewReader(conn))
	return err == nil && code == 204
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// rssKiB reads the process's resident set size from /proc.
func (g *gateway) rssKiB() (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", g.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", g.cmd.Process.Pid)
}

// stop sends SIGTERM and waits for the process to exit.
func (g *gateway) stop() error {
	if err := g.cmd.Process.Signal(os.Interrupt); err != nil {
		return err
	}
	return g.cmd.Wait()
}
