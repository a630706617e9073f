package icingatest

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// NotifyToFile is Icinga configuration that sends every Host and Service notification to file,
// one line each: "host NAME TYPE STATE" or "service HOST!SERVICE TYPE STATE". No reminders
// (interval 0), so each line is one state change Icinga chose to notify about.
func NotifyToFile(file string) string { return fmt.Sprintf(notifyObjects, file) }

const notifyObjects = `object User "oncall" {}

object NotificationCommand "host-to-file" {
	command = [ "/bin/sh", "-c", "echo \"host $$NAME $$TYPE $$STATE\" >>\"$$FILE\"" ]
	env = { FILE = %[1]q, NAME = "$host.name$", TYPE = "$notification.type$", STATE = "$host.state$" }
}

object NotificationCommand "service-to-file" {
	command = [ "/bin/sh", "-c", "echo \"service $$NAME $$TYPE $$STATE\" >>\"$$FILE\"" ]
	env = { FILE = %[1]q, NAME = "$host.name$!$service.name$", TYPE = "$notification.type$", STATE = "$service.state$" }
}

apply Notification "to-file" to Host {
	command = "host-to-file"
	users = [ "oncall" ]
	interval = 0
	assign where true
}

apply Notification "to-file" to Service {
	command = "service-to-file"
	users = [ "oncall" ]
	interval = 0
	assign where true
}
`

// Notifications reads the lines of kind ("host", "service") from a NotifyToFile file, sorted.
func Notifications(t testing.TB, path, kind string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var lines []string
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, kind+" ") {
			lines = append(lines, line)
		}
	}
	slices.Sort(lines)
	return lines
}
