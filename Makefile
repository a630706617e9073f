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

# `make dist`: a tarball for linux/amd64 (the gateway needs cgo for SQLite, so build on amd64).
DISTDIR  ?= dist
DISTNAME := checkin-gateway-$(VERSION)-linux-amd64

.PHONY: all build run test lint bench fuzz clean install dist

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
RACE_PKGS := ./internal/store/... ./internal/limiter/... ./internal/retention/...
RACE_RUN  := Reload|Drain|Graceful|RunServes|AcceptErrors|BusyPort|RestartKeepsState|SecretsNeverShown

test: lint
	$(GO) test -count=1 -timeout 25m $(addprefix ./,$(addsuffix /...,$(MODULES)))
	cd gateway && $(GO) test -race -count=1 -timeout 10m $(RACE_PKGS)
	cd gateway && $(GO) test -race -count=1 -timeout 10m -run '$(RACE_RUN)' .

# Runs each fuzz target for FUZZTIME (not part of `make test`). Inputs that fail are saved
# under the package's testdata/fuzz/ and so become regression tests in `make test`.
FUZZTIME ?= 30s
fuzz:
	cd gateway && $(GO) test -run '^$$' -fuzz '^FuzzParseCheckin$$' -fuzztime $(FUZZTIME) ./internal/server
	cd gateway && $(GO) test -run '^$$' -fuzz '^FuzzParseFlatJSON$$' -fuzztime $(FUZZTIME) ./internal/server
	cd gateway && $(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./internal/config
	cd shared && $(GO) test -run '^$$' -fuzz '^FuzzParseDuration$$' -fuzztime $(FUZZTIME) ./checkin

# gofmt, go vet, and a check that `go mod tidy` would change nothing.
lint:
	@unformatted=$$(gofmt -l $(MODULES)); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet $(addprefix ./,$(addsuffix /...,$(MODULES)))
	@for m in $(MODULES); do (cd $$m && $(GO) mod tidy -diff) || { echo "go mod tidy would change $$m/go.mod"; exit 1; }; done

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
	sed -e 's|/usr/local/bin/checkin-gateway|$(BINDIR)/checkin-gateway|' \
		-e 's|/usr/local/share/checkin-gateway|$(SHAREDIR)|' deploy/systemd/checkin-gateway.service \
		>$(DESTDIR)$(SYSTEMDDIR)/checkin-gateway.service
	chmod 0644 $(DESTDIR)$(SYSTEMDDIR)/checkin-gateway.service
	install -m 0644 deploy/systemd/checkin-gateway.sysusers $(DESTDIR)$(SYSUSERSDIR)/checkin-gateway.conf
	install -m 0644 deploy/icinga2/*.conf $(DESTDIR)$(ICINGA2DIR)/
	install -m 0644 deploy/prometheus/*.yml $(DESTDIR)$(SHAREDIR)/prometheus/
	cp -R deploy/clients/. $(DESTDIR)$(SHAREDIR)/clients/
	install -m 0644 README.md $(DESTDIR)$(SHAREDIR)/README.md
	install -d -m 0755 $(DESTDIR)$(SYSCONFDIR)/checkin-gateway
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/checkin-gateway/services.json ]; then \
		echo "keeping the existing $(DESTDIR)$(SYSCONFDIR)/checkin-gateway/services.json"; \
	else \
		install -m 0640 services.json $(DESTDIR)$(SYSCONFDIR)/checkin-gateway/services.json; \
	fi

# A versioned tarball with both binaries (linux/amd64), deploy/, README.md, the sample services.json
# and this Makefile, so `sudo make install` works from the unpacked folder.
dist:
	rm -rf $(DISTDIR)/$(DISTNAME)
	GOOS=linux GOARCH=amd64 CGO_ENABLED=1 $(MAKE) build BIN=$(abspath $(DISTDIR))/$(DISTNAME)/bin
	cp -R deploy README.md services.json Makefile $(DISTDIR)/$(DISTNAME)/
	tar -C $(DISTDIR) -czf $(DISTDIR)/$(DISTNAME).tar.gz --owner=0 --group=0 $(DISTNAME)
	rm -rf $(DISTDIR)/$(DISTNAME)
	@echo $(DISTDIR)/$(DISTNAME).tar.gz

# Builds release binaries and prints the performance table (README "Performance"): about a
# minute; exits 1 when a target is not met. Not part of `make test`.
bench: build
	cd gateway && $(GO) run ./cmd/bench --bin ../bin

clean:
	rm -rf bin dist
