package pgtest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Start runs the server (again, after Stop) and waits until it accepts connections. Commits
// are flushed to disk as in production (fsync and synchronous_commit on).
func (c *Cluster) Start() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cmd != nil {
		return errors.New("cluster already running")
	}
	cmd := c.command("postgres", "-D", filepath.Join(c.dir, "data"), "-p", strconv.Itoa(c.Port),
		"-k", c.dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=on", "-c", "synchronous_commit=on",
		"-c", "max_connections=300", "-c", "shared_buffers=64MB")
	cmd.Stderr = &c.stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start postgres: %w", err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	c.cmd, c.done = cmd, done
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		conn, err := pgx.Connect(ctx, c.URL("postgres"))
		cancel()
		if err == nil {
			conn.Close(context.Background())
			return nil
		}
		select {
		case <-done:
			c.cmd = nil
			return fmt.Errorf("postgres exited at start: %s", c.stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres did not accept connections within 30s: %v\n%s", err, c.stderr.String())
		}
	}
}

// Stop shuts the server down with sig: SIGINT is a fast shutdown (open transactions are rolled
// back), SIGKILL a crash (the next Start recovers from the write-ahead log).
func (c *Cluster) Stop(sig syscall.Signal) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cmd == nil {
		return nil
	}
	if sig == syscall.SIGKILL {
		// The whole process group: the postmaster and its backends, as a machine crash would.
		_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
	} else {
		_ = c.cmd.Process.Signal(sig)
	}
	select {
	case <-c.done:
	case <-time.After(30 * time.Second):
		return errors.New("postgres did not stop within 30s")
	}
	c.cmd = nil
	return nil
}

// Log is what the server wrote to its standard error so far.
func (c *Cluster) Log() string { return c.stderr.String() }
