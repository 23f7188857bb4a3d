# psulua: `make` builds bin/psulua, `make test` runs every check CI runs,
# `make bench` the benchmarks.

GO      ?= go
BIN     := bin/psulua
# The operating systems that must build (each returns not-implemented
# errors at run time until it has a backend).
CROSS_GOOS := windows darwin freebsd openbsd netbsd solaris

# Live tests also run as an unprivileged user, where psutil's answers differ
# (AccessDenied, pids of other users' sockets).
UNPRIV := setpriv --reuid=65534 --regid=65534 --clear-groups

.PHONY: all build test fmt-check vet unit cross e2e unpriv bench fuzz soak clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/psulua

test: fmt-check vet cross unit e2e unpriv

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

cross:
	@for os in $(CROSS_GOOS); do \
		echo "GOOS=$$os go build ./..."; \
		GOOS=$$os $(GO) build ./... || exit 1; \
		GOOS=$$os $(GO) vet ./platform/... ./bindings/... || exit 1; \
	done

unit:
	$(GO) test -race -count=1 ./platform/... ./bindings/... ./stdlib/... ./engine/... ./cmd/...

e2e: build
	$(GO) test -count=1 ./tests/...

# The test binaries, the fixtures and the scripts are copied to a directory
# the unprivileged user can read, wherever the checkout is.
unpriv: build
	@dir=$$(mktemp -d) && trap 'rm -rf "$$dir"' EXIT && \
	$(GO) test -c -o "$$dir/platform.test" ./platform && \
	$(GO) test -c -o "$$dir/tests.test" ./tests && \
	$(GO) build -o "$$dir/embed" ./examples/embed && \
	cp $(BIN) "$$dir/psulua" && cp -r testdata examples "$$dir/" && \
	mkdir -p "$$dir/platform" "$$dir/tests" && cp -r tests/lua tests/scripts tests/cli "$$dir/tests/" && \
	chmod -R a+rX "$$dir" && \
	echo "platform tests as uid 65534" && \
	(cd "$$dir/platform" && $(UNPRIV) ./../platform.test -test.count=1) && \
	echo "end-to-end tests as uid 65534" && \
	(cd "$$dir/tests" && PSULUA_BIN="$$dir/psulua" PSULUA_EMBED_BIN="$$dir/embed" $(UNPRIV) ./../tests.test -test.count=1)

# Runs every fuzz target, one at a time, for FUZZTIME each (not part of
# make test, which runs only the seeds and the corpus under each package's
# testdata/fuzz): the parsers of kernel input, arbitrary Lua source under
# the sandbox, and FuzzPatterns, which looks for a subject, pattern and
# replacement on which psulua's string functions answer otherwise than
# lua5.1's. FUZZ selects targets by name (a grep -E regexp); FUZZPARALLEL is
# the number of fuzzing processes per target.
FUZZTIME     ?= 2m
FUZZPARALLEL ?= 1
FUZZ         ?= .
FUZZPKGS     := ./platform/internal/procfs ./platform/internal/sysfs ./platform/internal/netlink \
	./platform/internal/utmp ./engine ./tests
fuzz:
	@failed=; for pkg in $(FUZZPKGS); do \
		targets=$$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' | grep -E -- '$(FUZZ)') || continue; \
		for t in $$targets; do \
			echo "== $$pkg $$t ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) -parallel $(FUZZPARALLEL) -timeout 0 $$pkg || \
				failed="$$failed $$pkg:$$t"; \
		done; \
	done; \
	if [ -n "$$failed" ]; then echo "failing fuzz targets:$$failed"; exit 1; fi

# Leak checks, not part of make test: SOAK_ITER rounds of every system
# function and process_iter with all attributes in one host, and
# SOAK_HOSTS hosts made and closed through an engine.Pool; resident
# memory, goroutines and open file descriptors must stay flat (the first
# and last samples are printed). The defaults take over an hour; e.g.
# make soak SOAK_ITER=1000 SOAK_HOSTS=1000 for a short run.
SOAK_ITER  ?= 100000
SOAK_HOSTS ?= 10000
soak:
	PSULUA_SOAK_ITER=$(SOAK_ITER) PSULUA_SOAK_HOSTS=$(SOAK_HOSTS) \
		$(GO) test -count=1 -run '^TestSoak' -v -timeout 0 ./tests/

# The side-by-side benchmarks against python psutil, gopsutil, ps and ss
# (bench/, a module of its own so that psulua never depends on its peers):
# writes bench/RESULTS.md. BENCHFLAGS=-quick for a smoke run.
bench:
	cd bench && $(GO) run ./cmd/bench $(BENCHFLAGS)

clean:
	rm -rf bin
