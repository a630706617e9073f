// Package checkintest holds test support shared by the gateway and plugin modules: outside
// tools that a test needs, free loopback addresses, and a buffer safe for a process's output.
// Only tests import it. Standard library only.
package checkintest
