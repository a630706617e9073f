# checkin-gateway: `make run` starts the gateway with the sample services.json; `make test` runs
# every test. See README.md.

GO       ?= go
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)
MODULES  := shared gateway plugin
BIN      ?= bin

# `make install` layout; every directory can be overridden on the command line.
PREFIX      ?= /usr/local
DESTDIR     ?=
BINDIR      ?= $(PREFIX)/bin
# Icinga's PluginDir on Debian and Ubuntu (RHEL: /usr/lib64/nagios/plugins).
PLUGINDIR   ?= /usr/lib/nagios/plugins
SYSTEMDDIR  ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
SYSCONFDIR  ?= /etc
SHAREDIR    ?= $(PREFIX)/share/checkin-gateway
# Icinga 2 objects (CheckCommand, templates, apply rule, example host); copy them into
# /etc/icinga2 as the README says. ICINGA2DIR=/etc/icinga2/conf.d/checkin installs all of them
# there, hosts.conf included: drop it when the hosts come from `checkin-gateway icinga-config`.
ICINGA2DIR  ?= $(SHAREDIR)/icinga2

# Release builds (`make dist`, `make deb`, `make rpm`) are fully static, so they run on any Linux
# of the last decade whatever its C library (RHEL 8, Debian 11, Alpine). SQLite is C, so cgo stays
# and links statically; netgo and osusergo use Go's own DNS and user lookups instead of glibc's.
# arm64 is cross-compiled with Debian's gcc-aarch64-linux-gnu.
DISTDIR  ?= dist
ARCHS    ?= amd64 arm64
ARCH     ?= amd64
CC_amd64 ?= gcc
CC_arm64 ?= aarch64-linux-gnu-gcc
STATIC_TAGS    := netgo,osusergo,sqlite_omit_load_extension
STATIC_LDFLAGS := $(LDFLAGS) -linkmode external -extldflags -static
STATICDIR       = $(abspath $(DISTDIR))/static/linux-$(ARCH)
DISTNAME        = checkin-gateway-$(VERSION)-linux-$(ARCH)
# Package versions must start with a digit: v1.2.0 -> 1.2.0, 1.2.0-3-gabc -> 1.2.0+3+gabc,
# an untagged commit 07c6de1 -> 0.0.0~git07c6de1.
PKGVERSION ?= $(shell echo '$(VERSION)' | sed -e 's/^v//' -e 's/-/+/g' -e '/^[0-9][0-9]*\./!s/^/0.0.0~git/')
# nfpm (make deb, make rpm) is pinned in deploy/packaging/go.mod, a module of its own outside
# go.work, so that its many dependencies stay out of the gateway's. The linters of `make lint`
# (staticcheck, goimports) are pinned the same way in tools/go.mod and built into $(TOOLS).
TOOLS       = $(abspath $(BIN))/tools
LOCAL_PKGS := github.com/checkin-gateway/checkin-gateway

.PHONY: all build run test test-short lint tools bench fuzz clean install dist dist-tarball static deb rpm image image-arch

all: build

build:
	@mkdir -p $(BIN)
	cd gateway && $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(abspath $(BIN))/checkin-gateway .
	cd plugin && $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(abspath $(BIN))/check_checkin .

# Starts the gateway on 127.0.0.1:5000 with the sample services.json and data/checkins.db.
run: build
	./bin/checkin-gateway --listen 127.0.0.1:5000 --config services.json --db data/checkins.db

# The race detector runs over the concurrent parts: the store's writer and cache, the limiter,
# retention, and the gateway's stop, drain and reload (its process tests then build the gateway
# with -race too, so a race there fails them).
RACE_PKGS := ./internal/sqlite/... ./internal/storage/... ./internal/limiter/... ./internal/retention/...
RACE_RUN  := Reload|Drain|Graceful|RunServes|AcceptErrors|BusyPort|RestartKeepsState|SecretsNeverShown|ConnectionsPerClient|Refus|Herd

test: lint
	$(GO) test -count=1 -timeout 25m $(addprefix ./,$(addsuffix /...,$(MODULES)))
	cd gateway && $(GO) test -race -count=1 -timeout 10m $(RACE_PKGS)
	cd gateway && $(GO) test -race -count=1 -timeout 10m -run '$(RACE_RUN)' . ./e2e ./internal/daemon ./internal/listen

# The inner loop: every test but the slow end-to-end ones (the binary, PostgreSQL clusters,
# Icinga, deploy/), which skip under -short. Under 2 minutes on 2 cores; no lint.
test-short:
	$(GO) test -short -count=1 -timeout 5m $(addprefix ./,$(addsuffix /...,$(MODULES)))

# Runs each fuzz target for FUZZTIME (not part of `make test`). Inputs that fail are saved
# under the package's testdata/fuzz/ and so become regression tests in `make test`.
FUZZTIME ?= 30s
fuzz:
	cd gateway && $(GO) test -run '^$$' -fuzz '^FuzzParseCheckin$$' -fuzztime $(FUZZTIME) ./internal/checkinreq
	cd gateway && $(GO) test -run '^$$' -fuzz '^FuzzParseFlatJSON$$' -fuzztime $(FUZZTIME) ./internal/checkinreq
	cd gateway && $(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./internal/config
	cd gateway && $(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./internal/schedule
	cd shared && $(GO) test -run '^$$' -fuzz '^FuzzParseDuration$$' -fuzztime $(FUZZTIME) ./checkin

# gofmt, imports in three groups (standard library, others, ours: goimports -local), go vet,
# staticcheck, a check that `go mod tidy` would change nothing, and that docs/architecture.md
# names every package under gateway/internal.
lint: tools
	@unformatted=$$(gofmt -l $(MODULES)); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	@ungrouped=$$($(TOOLS)/goimports -l -local $(LOCAL_PKGS) $(MODULES)); if [ -n "$$ungrouped" ]; then echo "imports to group (goimports -w -local $(LOCAL_PKGS)): $$ungrouped"; exit 1; fi
	$(GO) vet $(addprefix ./,$(addsuffix /...,$(MODULES)))
	@for m in $(MODULES); do (cd $$m && $(TOOLS)/staticcheck ./...) || exit 1; done
	@for m in $(MODULES); do (cd $$m && $(GO) mod tidy -diff) || { echo "go mod tidy would change $$m/go.mod"; exit 1; }; done
	@(cd deploy/packaging && GOWORK=off $(GO) mod tidy -diff) || { echo "go mod tidy would change deploy/packaging/go.mod"; exit 1; }
	@(cd tools && GOWORK=off $(GO) mod tidy -diff) || { echo "go mod tidy would change tools/go.mod"; exit 1; }
	sh tools/archdoc.sh

# The linters at the versions tools/go.mod pins.
tools:
	cd tools && GOWORK=off $(GO) build -o $(TOOLS)/ honnef.co/go/tools/cmd/staticcheck golang.org/x/tools/cmd/goimports

# In a source tree, install builds first; in an unpacked `make dist` tarball, bin/ is already there.
ifneq ($(wildcard gateway/go.mod),)
install: build
endif

# Installs the binaries, the systemd unit and sysusers file, checkin-run, the Icinga 2 objects and
# the other deploy/ examples. services.json is installed only when none exists, so a reinstall
# never overwrites a live configuration.
install:
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(PLUGINDIR) $(DESTDIR)$(SYSTEMDDIR) \
		$(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(ICINGA2DIR) $(DESTDIR)$(SHAREDIR)/prometheus \
		$(DESTDIR)$(SHAREDIR)/clients
	install -m 0755 $(BIN)/checkin-gateway $(DESTDIR)$(BINDIR)/checkin-gateway
	install -m 0755 $(BIN)/check_checkin $(DESTDIR)$(PLUGINDIR)/check_checkin
	install -m 0755 deploy/clients/checkin-run $(DESTDIR)$(BINDIR)/checkin-run
	install -m 0755 deploy/clients/checkin-ping $(DESTDIR)$(BINDIR)/checkin-ping
	sed -e 's|/usr/local/bin/checkin-gateway|$(BINDIR)/checkin-gateway|' \
		-e 's|/usr/local/share/checkin-gateway|$(SHAREDIR)|' deploy/systemd/checkin-gateway.service \
		>$(DESTDIR)$(SYSTEMDDIR)/checkin-gateway.service
	chmod 0644 $(DESTDIR)$(SYSTEMDDIR)/checkin-gateway.service
	install -m 0644 deploy/systemd/checkin-gateway.sysusers $(DESTDIR)$(SYSUSERSDIR)/checkin-gateway.conf
	install -m 0644 deploy/icinga2/*.conf $(DESTDIR)$(ICINGA2DIR)/
	install -m 0644 deploy/prometheus/*.yml $(DESTDIR)$(SHAREDIR)/prometheus/
	cp -R deploy/clients/. $(DESTDIR)$(SHAREDIR)/clients/
	sed -i 's|/usr/local/bin/checkin-run|$(BINDIR)/checkin-run|' $(DESTDIR)$(SHAREDIR)/clients/systemd/*.service
	install -m 0644 README.md $(DESTDIR)$(SHAREDIR)/README.md
	install -d $(DESTDIR)$(SHAREDIR)/docs
	install -m 0644 docs/*.md docs/*.png $(DESTDIR)$(SHAREDIR)/docs/
	install -d -m 0755 $(DESTDIR)$(SYSCONFDIR)/checkin-gateway
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/checkin-gateway/services.json ]; then \
		echo "keeping the existing $(DESTDIR)$(SYSCONFDIR)/checkin-gateway/services.json"; \
	else \
		install -m 0640 services.json $(DESTDIR)$(SYSCONFDIR)/checkin-gateway/services.json; \
	fi

# Static binaries for linux/$(ARCH) in $(DISTDIR)/static/linux-$(ARCH).
static:
	@mkdir -p $(STATICDIR)
	cd gateway && CGO_ENABLED=1 GOOS=linux GOARCH=$(ARCH) CC=$(CC_$(ARCH)) $(GO) build -trimpath \
		-tags '$(STATIC_TAGS)' -ldflags '$(STATIC_LDFLAGS)' -o $(STATICDIR)/checkin-gateway .
	cd plugin && CGO_ENABLED=0 GOOS=linux GOARCH=$(ARCH) $(GO) build -trimpath \
		-tags '$(STATIC_TAGS)' -ldflags '$(LDFLAGS)' -o $(STATICDIR)/check_checkin .

# One versioned tarball per architecture in ARCHS, each with both static binaries, deploy/, docs/,
# README.md, the sample services.json and this Makefile, so `sudo make install` works from the
# unpacked folder without Go.
dist:
	@for arch in $(ARCHS); do $(MAKE) --no-print-directory dist-tarball ARCH=$$arch || exit 1; done

dist-tarball: static
	rm -rf $(DISTDIR)/$(DISTNAME)
	mkdir -p $(DISTDIR)/$(DISTNAME)/bin
	cp $(STATICDIR)/checkin-gateway $(STATICDIR)/check_checkin $(DISTDIR)/$(DISTNAME)/bin/
	cp -R deploy docs README.md services.json Makefile $(DISTDIR)/$(DISTNAME)/
	rm -rf $(DISTDIR)/$(DISTNAME)/deploy/packaging
	tar -C $(DISTDIR) -czf $(DISTDIR)/$(DISTNAME).tar.gz --owner=0 --group=0 $(DISTNAME)
	rm -rf $(DISTDIR)/$(DISTNAME)
	@echo $(DISTDIR)/$(DISTNAME).tar.gz

# A .deb or .rpm for linux/$(ARCH) (deploy/packaging/nfpm.yaml says what goes where) in $(DISTDIR).
deb rpm: static
	sed -e 's|/usr/local/bin/checkin-gateway|/usr/bin/checkin-gateway|' \
		-e 's|/usr/local/share/checkin-gateway/README.md|/usr/share/doc/checkin-gateway/README.md|' \
		deploy/systemd/checkin-gateway.service >$(STATICDIR)/checkin-gateway.service
	mkdir -p $(STATICDIR)/clients-systemd
	for f in deploy/clients/systemd/*; do \
		sed 's|/usr/local/bin/checkin-run|/usr/bin/checkin-run|' $$f >$(STATICDIR)/clients-systemd/$${f##*/} || exit 1; \
	done
	cd deploy/packaging && GOWORK=off PKG_ARCH=$(ARCH) PKG_VERSION=$(PKGVERSION) PKG_BUILD=$(STATICDIR) \
		$(GO) tool nfpm package --packager $@ --config nfpm.yaml --target $(abspath $(DISTDIR))

# Container images (docs/install.md, "Container"): for each architecture in ARCHS an OCI archive
# $(DISTDIR)/checkin-gateway-VERSION-linux-ARCH.oci.tar, built from the same static binaries as
# the tarballs and packages, and $(DISTDIR)/checkin-gateway-VERSION.oci.tar, the multi-arch index
# of both. podman builds them FROM scratch: nothing is fetched. Each archive loads as
# checkin-gateway:VERSION (`podman load -i FILE`). The images are also left in podman's storage
# as checkin-gateway:VERSION-ARCH. There is no licence file yet, so the licence annotation says
# NOASSERTION (SPDX) until IMAGE_LICENSES says otherwise.
PODMAN         ?= podman
IMAGE          ?= checkin-gateway
IMAGE_SOURCE   ?= https://github.com/checkin-gateway/checkin-gateway
IMAGE_LICENSES ?= NOASSERTION
IMAGECTX        = $(abspath $(DISTDIR))/image/linux-$(ARCH)
IMAGE_META      = org.opencontainers.image.title=checkin-gateway \
	org.opencontainers.image.description=Report-in_checks_for_Icinga_2_over_HTTP \
	org.opencontainers.image.version=$(VERSION) org.opencontainers.image.source=$(IMAGE_SOURCE) \
	org.opencontainers.image.licenses=$(IMAGE_LICENSES)

image:
	@for arch in $(ARCHS); do $(MAKE) --no-print-directory image-arch ARCH=$$arch || exit 1; done
	@$(PODMAN) manifest rm localhost/$(IMAGE):$(VERSION) >/dev/null 2>&1 || true
	$(PODMAN) manifest create localhost/$(IMAGE):$(VERSION)
	@for arch in $(ARCHS); do \
		$(PODMAN) manifest add localhost/$(IMAGE):$(VERSION) containers-storage:localhost/$(IMAGE):$(VERSION)-$$arch || exit 1; done
	rm -f $(DISTDIR)/checkin-gateway-$(VERSION).oci.tar
	$(PODMAN) manifest push --quiet --all localhost/$(IMAGE):$(VERSION) \
		oci-archive:$(abspath $(DISTDIR))/checkin-gateway-$(VERSION).oci.tar:$(IMAGE):$(VERSION)
	@echo $(DISTDIR)/checkin-gateway-$(VERSION).oci.tar

image-arch: static
	rm -rf $(IMAGECTX)
	mkdir -p $(IMAGECTX)/rootfs/usr/bin $(IMAGECTX)/rootfs/etc/checkin-gateway $(IMAGECTX)/data
	cp $(STATICDIR)/checkin-gateway $(STATICDIR)/check_checkin $(IMAGECTX)/rootfs/usr/bin/
	printf 'checkin-gateway:x:10001:10001:checkin-gateway:/data:/nonexistent\n' >$(IMAGECTX)/rootfs/etc/passwd
	printf 'checkin-gateway:x:10001:\n' >$(IMAGECTX)/rootfs/etc/group
	$(PODMAN) build --quiet --no-cache --platform linux/$(ARCH) -f $(abspath deploy/container/Containerfile) \
		$(foreach m,$(IMAGE_META),--label '$(subst _, ,$(m))' --annotation '$(subst _, ,$(m))') \
		-t localhost/$(IMAGE):$(VERSION)-$(ARCH) $(IMAGECTX)
	rm -f $(DISTDIR)/$(DISTNAME).oci.tar
	$(PODMAN) push --quiet localhost/$(IMAGE):$(VERSION)-$(ARCH) oci-archive:$(abspath $(DISTDIR))/$(DISTNAME).oci.tar:$(IMAGE):$(VERSION)
	@echo $(DISTDIR)/$(DISTNAME).oci.tar

# Builds release binaries and prints the performance table (docs/performance.md): about a
# minute; exits 1 when a target is not met. Not part of `make test`.
bench: build
	cd gateway && $(GO) run ./cmd/bench --bin ../bin

clean:
	rm -rf bin dist
