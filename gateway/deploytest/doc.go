// Package deploytest tests what an operator copies from deploy/: the Makefile's install and dist
// targets, the systemd units, the Prometheus rules, the client recipes and the Icinga 2 objects,
// each against the real tools (systemd-analyze, promtool, icinga2, curl, python3) and a real
// gateway process on 127.0.0.1.
package deploytest
