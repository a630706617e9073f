// Command check_checkin is the Icinga plugin that asks checkin-gateway for a service's state.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout))
}
