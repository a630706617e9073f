#!/bin/sh
# After removing checkin-gateway: let systemd forget the unit. The database in
# /var/lib/checkin-gateway and the user stay, even on purge; dpkg --purge removes the
# configuration in /etc/checkin-gateway.
set -e
if [ -d /run/systemd/system ]; then
	systemctl daemon-reload || true
fi
exit 0
