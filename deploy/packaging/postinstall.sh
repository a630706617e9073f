#!/bin/sh
# After installing checkin-gateway (deb: "configure" [old version]; rpm: 1 = install, 2 = upgrade):
# create the user checkin-gateway and, on the first install, let it read services.json.
# Nothing is enabled, started or overwritten: edit /etc/checkin-gateway/services.json, then
# `systemctl enable --now checkin-gateway`.
set -e

first_install=no
case "${1:-}" in
configure) [ -n "${2:-}" ] || first_install=yes ;;
1) first_install=yes ;;
2) ;;
*) exit 0 ;; # deb: abort-upgrade, abort-remove and the like
esac

if ! getent passwd checkin-gateway >/dev/null; then
	if command -v systemd-sysusers >/dev/null 2>&1; then
		systemd-sysusers /usr/lib/sysusers.d/checkin-gateway.conf
	else
		useradd --system --user-group --home-dir /var/lib/checkin-gateway --no-create-home \
			--shell /usr/sbin/nologin --comment checkin-gateway checkin-gateway
	fi
fi

# services.json holds tokens: root may write it, the service may read it, nobody else.
if [ "$first_install" = yes ] && [ -f /etc/checkin-gateway/services.json ]; then
	chgrp checkin-gateway /etc/checkin-gateway/services.json
	chmod 0640 /etc/checkin-gateway/services.json
fi

# Make systemd see the new or changed unit (only where systemd runs).
if [ -d /run/systemd/system ]; then
	systemctl daemon-reload || true
fi
exit 0
