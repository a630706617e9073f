package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// The idle-connection row holds idleConns keep-alive connections from idleAddrs loopback
// addresses (under the per-address cap of 256), with the gateway's descriptor limit as the
// systemd unit sets it, and times check-ins on new connections.
const (
	idleConns  = 20_000
	idleAddrs  = 80
	idleNofile = 16384 // deploy/systemd/checkin-gateway.service: LimitNOFILE
	idleProbes = 200
)

type idleResult struct {
	skipped      string // why the row was not measured
	conns        int    // connections opened
	held         int    // connections that got an answer and were held
	base, loaded []time.Duration
	failed       int // probes without a 204 under load
	fds, rssKiB  int
}

// measureIdle starts a gateway with LimitNOFILE's descriptor limit, times idleProbes check-ins
// on new connections, holds idleConns idle connections, and times them again.
func measureIdle(o options, dir, bin, config string) (idleResult, error) {
	var res idleResult
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		res.skipped = "prlimit not installed"
		return res, nil
	}
	// This program holds the connections' other ends: it needs as many descriptors, and more.
	want := uint64(idleConns + 2000)
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return res, err
	}
	res.conns = idleConns
	if rl.Cur < want {
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &syscall.Rlimit{Cur: want, Max: max(want, rl.Max)}); err != nil {
			// Not allowed to raise the hard limit: hold as many as it leaves room for.
			res.conns = int(rl.Max) - 2000
			if res.conns < 2*idleNofile/3 {
				res.skipped = fmt.Sprintf("bench may open %d descriptors, needs %d (run as root or raise ulimit -n)", rl.Max, want)
				return res, nil
			}
			_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &syscall.Rlimit{Cur: rl.Max, Max: rl.Max})
		}
	}
	g, _, err := startGatewayWith([]string{prlimit, fmt.Sprintf("--nofile=%d:%d", idleNofile, idleNofile), "--"},
		bin, config, filepath.Join(dir, "idle.db"), filepath.Join(dir, "idle.log"))
	if err != nil {
		return res, err
	}
	defer g.stop()
	if res.base, _ = probeCheckins(g.addr, 0); len(res.base) < idleProbes {
		return res, fmt.Errorf("check-ins on new connections failed without idle connections")
	}
	conns := holdConns(g.addr, res.conns)
	res.held = len(conns)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	res.loaded, res.failed = probeCheckins(g.addr, idleProbes)
	if ents, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", g.cmd.Process.Pid)); err == nil {
		res.fds = len(ents)
	}
	res.rssKiB, _ = g.rssKiB()
	return res, nil
}

// probeCheckins sends idleProbes check-ins, each on a new connection, one after another, for
// services from offset on, and returns the answered ones' latencies and how many failed.
func probeCheckins(addr string, offset int) (lat []time.Duration, failed int) {
	for i := range idleProbes {
		n := 1 + (offset+i)%999
		body := fmt.Sprintf(`{"service": %q, "token": %q, "status": "OK"}`, serviceName(n), serviceToken(n))
		req := fmt.Sprintf("POST / HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
		start := time.Now()
		if code, err := askOnce(addr, req); err != nil || code != 204 {
			failed++
			continue
		}
		lat = append(lat, time.Since(start))
	}
	return lat, failed
}

func askOnce(addr, req string) (int, error) {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c, req); err != nil {
		return 0, err
	}
	return readResponse(bufio.NewReader(c))
}

// holdConns opens n connections from idleAddrs loopback addresses, asks for /alive on each and
// keeps the answered ones open and idle.
func holdConns(addr string, n int) []net.Conn {
	var mu sync.Mutex
	var held []net.Conn
	var wg sync.WaitGroup
	const workers = 16
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 1, byte(10+i%idleAddrs))}, Timeout: 5 * time.Second}
				c, err := d.Dial("tcp", addr)
				if err != nil {
					continue
				}
				_ = c.SetDeadline(time.Now().Add(5 * time.Second))
				if code, err := (func() (int, error) {
					if _, err := io.WriteString(c, "GET /alive HTTP/1.1\r\nHost: bench\r\n\r\n"); err != nil {
						return 0, err
					}
					return readResponse(bufio.NewReader(c))
				})(); err != nil || code != 204 {
					c.Close()
					continue
				}
				mu.Lock()
				held = append(held, c)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return held
}

func (m measurements) printIdleRow(w io.Writer, verdict func(bool) string) {
	r := m.idle
	if r.skipped != "" {
		fmt.Fprintf(w, "8b\t%d idle connections: check-ins on new connections\tskipped: %s\tall answered, p99 ≤ 1 s\t\n", idleConns, r.skipped)
		return
	}
	_, b99 := percentiles(r.base)
	l50, l99 := percentiles(r.loaded)
	fmt.Fprintf(w, "8b\t%d idle connections (%d answered) from %d addresses, LimitNOFILE %d: check-ins on new connections\t%d answered, %d failed; p50 %s, p99 %s (%.1f× quiet p99 %s); gateway %d descriptors, %.0f MB RSS\tall answered, p99 ≤ 1 s: %s\t\n",
		r.conns, r.held, idleAddrs, idleNofile, len(r.loaded), r.failed, ms(l50), ms(l99), float64(l99)/float64(b99), ms(b99), r.fds,
		float64(r.rssKiB)/1024, verdict(r.failed == 0 && l99 <= time.Second))
}
