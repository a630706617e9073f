// Command check_checkin is the Icinga plugin that asks checkin-gateway for a service's state.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("CHECKIN UNKNOWN - check_checkin is not built yet")
	os.Exit(3)
}
