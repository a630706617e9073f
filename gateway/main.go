// Command checkin-gateway takes check-ins from clients over HTTP, keeps their history in SQLite,
// and tells Icinga (through check_checkin) each service's state.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // time zones for schedules, whatever the host has installed
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "checkin-gateway:", err)
		stop()
		os.Exit(exitCode(err))
	}
}
