package pgtest

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// ErrMissing is returned by Throwaway when PostgreSQL is not installed.
var ErrMissing = errMissing

// Throwaway starts a cluster on port for a program that is not a test (make bench), with the
// same settings as NewCluster (fsync and synchronous_commit on). The caller removes it with
// Remove.
func Throwaway(port int) (*Cluster, error) {
	return newCluster(port)
}

// Remove stops the server and deletes the cluster's folder.
func (c *Cluster) Remove() { c.remove() }

// CreateDatabase creates an empty database named name (letters, digits and _ only).
func (c *Cluster) CreateDatabase(name string) error {
	return c.admin("postgres", func(ctx context.Context, conn *pgx.Conn) error {
		if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
			return fmt.Errorf("create database %s: %w", name, err)
		}
		return nil
	})
}

// Pid is the process id of the running postmaster, 0 when the server is stopped. Its backends
// share its process group.
func (c *Cluster) Pid() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cmd == nil {
		return 0
	}
	return c.cmd.Process.Pid
}
