#!/bin/sh
# Before removing checkin-gateway (deb: "remove"; rpm: 0 = erase): stop the service, since its
# binary goes away. Upgrades leave it running; restart it when convenient.
set -e
case "${1:-}" in
remove | 0) ;;
*) exit 0 ;;
esac
if [ -d /run/systemd/system ]; then
	systemctl stop checkin-gateway.service 2>/dev/null || true
fi
exit 0
