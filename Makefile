# psulua: `make` builds bin/psulua and bin/psulua-exporter, `make test`
# runs every check CI runs, `make bench` the benchmarks.

GO      ?= go
BIN     := bin/psulua
EXPORTER := bin/psulua-exporter
# The operating systems that must build (each returns not-implemented
# errors at run time until it has a backend).
CROSS_GOOS := windows darwin freebsd openbsd netbsd solaris

# Live tests also run as an unprivileged user, where psutil's answers differ
# (AccessDenied, pids of other users' sockets).
UNPRIV := setpriv --reuid=65534 --regid=65534 --clear-groups

.PHONY: all build install uninstall install-check test fmt-check vet unit cross bench-check e2e unpriv wintest bench fuzz soak clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/psulua
	$(GO) build -o $(EXPORTER) ./cmd/psulua-exporter

# `make install` puts the commands in $(PREFIX)/bin and the examples and
# documents in $(PREFIX)/share/psulua (PREFIX=~/.local for one user; DESTDIR
# for packaging).
PREFIX  ?= /usr/local
DESTDIR ?=
install: build
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/psulua/examples" "$(DESTDIR)$(PREFIX)/share/psulua/docs"
	install -m 755 $(BIN) $(EXPORTER) "$(DESTDIR)$(PREFIX)/bin/"
	install -m 644 examples/*.lua "$(DESTDIR)$(PREFIX)/share/psulua/examples/"
	install -m 644 docs/*.md "$(DESTDIR)$(PREFIX)/share/psulua/docs/"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/psulua" "$(DESTDIR)$(PREFIX)/bin/psulua-exporter"
	rm -rf "$(DESTDIR)$(PREFIX)/share/psulua"

# install-check installs into a temporary PREFIX, runs what it installed,
# and checks that uninstall leaves nothing.
install-check:
	@dir=$$(mktemp -d) && trap 'rm -rf "$$dir"' EXIT && \
	$(MAKE) -s install PREFIX="$$dir/p" && \
	test "$$("$$dir/p/bin/psulua" -e 'print(type(require("psutil").cpu_count()))')" = number && \
	"$$dir/p/bin/psulua" "$$dir/p/share/psulua/examples/free.lua" >/dev/null && \
	"$$dir/p/bin/psulua-exporter" --version >/dev/null && \
	$(MAKE) -s uninstall PREFIX="$$dir/p" && \
	test -z "$$(find "$$dir/p" -type f)" && echo "install-check: ok"

test: fmt-check vet cross bench-check unit e2e install-check unpriv wintest

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# go vet compiles the tests too, so a test that uses one OS's system
# calls fails here rather than on that OS.
cross:
	@for os in $(CROSS_GOOS); do \
		echo "GOOS=$$os go build ./... && go vet ./..."; \
		GOOS=$$os $(GO) build ./... || exit 1; \
		GOOS=$$os $(GO) vet ./... || exit 1; \
	done

# bench/ is a module of its own, which ./... does not reach.
bench-check:
	cd bench && $(GO) vet ./... && $(GO) build ./...

# The engine's tests run again without the race detector, which slows
# large allocations several times: its time limits are checked as the
# built psulua keeps them (engine/interrupt_test.go's stopGrace).
unit:
	$(GO) test -race -count=1 ./platform/... ./bindings/... ./stdlib/... ./lua51/... ./engine/... ./cmd/... ./docs/... ./internal/...
	$(GO) test -count=1 ./engine/...

e2e: build
	$(GO) test -count=1 ./tests/...

# The test binaries, the fixtures and the scripts are copied to a directory
# the unprivileged user can read, wherever the checkout is.
unpriv: build
	@dir=$$(mktemp -d) && trap 'rm -rf "$$dir"' EXIT && \
	$(GO) test -c -o "$$dir/platform.test" ./platform && \
	$(GO) test -c -o "$$dir/tests.test" ./tests && \
	$(GO) build -o "$$dir/embed" ./examples/embed && \
	cp $(BIN) "$$dir/psulua" && cp -r go.mod testdata examples "$$dir/" && \
	mkdir -p "$$dir/platform" "$$dir/tests" && cp -r tests/lua tests/scripts tests/cli "$$dir/tests/" && \
	cp platform/*.go "$$dir/platform/" && \
	chmod -R a+rX "$$dir" && \
	echo "platform tests as uid 65534" && \
	(cd "$$dir/platform" && $(UNPRIV) ./../platform.test -test.count=1) && \
	echo "end-to-end tests as uid 65534" && \
	(cd "$$dir/tests" && PSULUA_BIN="$$dir/psulua" PSULUA_EMBED_BIN="$$dir/embed" $(UNPRIV) ./../tests.test -test.count=1)

# The Windows build's tests, run under wine by tests/wine/go-wine-exec
# (which makes a wine prefix once and reuses it). Without wine they are
# skipped with a message, unless PSULUA_REQUIRE_ORACLES=1 (CI).
WINE_PKGS := ./platform ./platform/internal/winapi
# The examples that apply to Windows, run by psulua.exe under wine.
WINE_EXAMPLES := winservices.lua meminfo.lua free.lua disk_usage.lua ps.lua pstree.lua ifconfig.lua \
	netstat.lua procinfo.lua who.lua procsmem.lua
wintest:
	@if ! command -v wine >/dev/null 2>&1 || ! command -v x86_64-w64-mingw32-ld >/dev/null 2>&1; then \
		if [ "$$PSULUA_REQUIRE_ORACLES" = 1 ]; then \
			echo "wintest: wine or x86_64-w64-mingw32-ld missing (apt-get install wine wine64 binutils-mingw-w64-x86-64)"; exit 1; \
		fi; \
		echo "wintest: SKIPPED: wine or x86_64-w64-mingw32-ld missing (apt-get install wine wine64 binutils-mingw-w64-x86-64)"; \
		exit 0; \
	fi; \
	echo "GOOS=windows go test under wine"; \
	PSULUA_HOST_NPROC=$$(nproc) GOOS=windows $(GO) test -count=1 -p 1 -exec "$(CURDIR)/tests/wine/go-wine-exec" $(WINE_PKGS) && \
	dir=$$(mktemp -d) && trap 'rm -rf "$$dir"' EXIT && \
	GOOS=windows $(GO) build -o "$$dir/psulua.exe" ./cmd/psulua && \
	echo "psulua.exe tests/wine/windows.lua under wine" && \
	tests/wine/go-wine-exec "$$dir/psulua.exe" tests/wine/windows.lua >"$$dir/out" 2>&1 || { cat "$$dir/out"; exit 1; }; \
	for ex in $(WINE_EXAMPLES); do \
		echo "psulua.exe examples/$$ex under wine"; \
		tests/wine/go-wine-exec "$$dir/psulua.exe" examples/$$ex >"$$dir/out" 2>&1 || { cat "$$dir/out"; exit 1; }; \
	done

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
# Then psulua-exporter's CPU per scrape against node_exporter's
# (bench/RESULTS-exporter.md; EXPORTERBENCHFLAGS=-quick for a smoke run).
bench:
	cd bench && $(GO) run ./cmd/bench $(BENCHFLAGS)
	cd bench && $(GO) run ./cmd/exporterbench $(EXPORTERBENCHFLAGS)

clean:
	rm -rf bin
