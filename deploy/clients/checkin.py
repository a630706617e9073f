#!/usr/bin/env python3
"""Check in to checkin-gateway from Python, with requests.

As a command:  checkin.py SERVICE STATUS [INFO]   (INFO "-" reads it from standard input)
As a library:  from checkin import checkin; checkin(url, service, token, "OK", "42 GB in 13 min")
               (the package installs this file in /usr/share/checkin-gateway/clients; put that
               folder on sys.path, or copy the file next to your script)

The URL and token come from the environment (CHECKIN_URL, and CHECKIN_TOKEN or
CHECKIN_TOKEN_FILE), never from the command line, where `ps` shows them. CHECKIN_CA_FILE names a
CA certificate for a gateway with its own TLS certificate. Long info keeps its last INFO_LIMIT
bytes, as checkin-run does, so the check-in stays within the gateway's body limit. Exit status: 0
when the gateway stored the check-in, 1 when it refused it or could not be reached, 64 for a
usage mistake.
"""
import os
import sys

import requests

STATUSES = ("OK", "WARNING", "CRITICAL", "UNKNOWN")

# The most of the info that is sent: its end, where errors usually are. The gateway takes at
# most 64 KiB per check-in; escaped for JSON, 4000 bytes stay well below that.
INFO_LIMIT = 4000

# The most of standard input (INFO "-") that is kept: its end, well above INFO_LIMIT, so a job
# piping gigabytes of log into checkin.py does not hold them all in memory.
READ_LIMIT = 64 * 1024


class CheckinError(Exception):
    """The gateway did not store the check-in."""


def tail(info, limit=INFO_LIMIT):
    """Returns the last limit bytes of info (UTF-8), without a broken character at the start."""
    data = info.encode("utf-8", errors="replace")
    if len(data) <= limit:
        return info
    return data[-limit:].decode("utf-8", errors="ignore")


def read_tail(stream, limit=READ_LIMIT):
    """Returns the last limit bytes of a binary stream, read in chunks of limit bytes."""
    kept = b""
    while True:
        chunk = stream.read(limit)
        if not chunk:
            return kept
        kept = (kept + chunk)[-limit:]


def checkin(url, service, token, status, info="", ca_file=None, timeout=30):
    """Sends one check-in with the tail of info; raises CheckinError unless the gateway answers 204."""
    info = tail(info)
    try:
        resp = requests.post(
            url.rstrip("/") + "/api/v1/checkins",
            json={"service": service, "token": token, "status": status, "info": info},
            timeout=timeout,
            verify=ca_file if ca_file else True,
        )
    except requests.RequestException as e:
        raise CheckinError(f"cannot reach {url}: {e}") from e
    if resp.status_code != 204:
        try:
            reason = resp.json().get("error", resp.text)
        except ValueError:
            reason = resp.text
        raise CheckinError(f"HTTP {resp.status_code}: {reason}")


def main(argv, env):
    if len(argv) not in (3, 4) or argv[2].upper() not in STATUSES:
        print("usage: checkin.py SERVICE OK|WARNING|CRITICAL|UNKNOWN [INFO | -]", file=sys.stderr)
        return 64
    url = env.get("CHECKIN_URL", "")
    token = env.get("CHECKIN_TOKEN", "")
    if not token and env.get("CHECKIN_TOKEN_FILE"):
        with open(env["CHECKIN_TOKEN_FILE"], encoding="utf-8") as f:
            token = f.readline().strip()
    if not url or not token:
        print("checkin.py: set CHECKIN_URL and CHECKIN_TOKEN or CHECKIN_TOKEN_FILE", file=sys.stderr)
        return 64
    info = argv[3] if len(argv) == 4 else ""
    if info == "-":
        info = read_tail(sys.stdin.buffer).decode("utf-8", errors="replace")
    try:
        checkin(url, argv[1], token, argv[2].upper(), info, env.get("CHECKIN_CA_FILE"))
    except CheckinError as e:
        print(f"checkin.py: check-in of {argv[1]} failed: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv, os.environ))
