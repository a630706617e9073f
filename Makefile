# checkin-gateway: `make run` starts the gateway with the sample services.json; `make test` runs
# every test. See README.md.

GO       ?= go
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)
MODULES  := shared gateway plugin
PREFIX   ?= /usr/local
DESTDIR  ?=

.PHONY: all build run test lint bench fuzz clean

all: build

build:
	@mkdir -p bin
	cd gateway && $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o ../bin/checkin-gateway .
	cd plugin && $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o ../bin/check_checkin .

# Starts the gateway on 127.0.0.1:5000 with the sample services.json and data/checkins.db.
run: build
	./bin/checkin-gateway --listen 127.0.0.1:5000 --config services.json --db data/checkins.db

test: lint
	$(GO) test -count=1 -timeout 25m $(addprefix ./,$(addsuffix /...,$(MODULES)))

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

# Builds release binaries and prints the performance table (README "Performance"): about a
# minute; exits 1 when a target is not met. Not part of `make test`.
bench: build
	cd gateway && $(GO) run ./cmd/bench --bin ../bin

clean:
	rm -rf bin dist
