#!/bin/sh
# archdoc.sh: every package folder under gateway/internal is named in docs/architecture.md,
# in backquotes, as its path under internal/ (`server`, `store/writetx`) or in full
# (`gateway/internal/server`).
# Run from the repository's root; `make lint` runs it. Prints the packages missing.
set -eu
doc=docs/architecture.md
missing=0
for dir in $(find gateway/internal -name '*.go' -not -path '*/testdata/*' -exec dirname {} \; | sort -u); do
	pkg=${dir#gateway/internal/}
	if ! grep -Fq -e "\`$pkg\`" -e "\`gateway/internal/$pkg\`" "$doc"; then
		echo "$doc does not name the package gateway/internal/$pkg"
		missing=1
	fi
done
exit $missing
