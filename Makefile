# psulua: `make` builds bin/psulua, `make test` runs every check CI runs,
# `make bench` the benchmarks.

GO      ?= go
BIN     := bin/psulua
# The operating systems that must build (each returns not-implemented
# errors at run time until it has a backend).
CROSS_GOOS := windows darwin freebsd openbsd netbsd solaris

.PHONY: all build test fmt-check vet unit cross e2e bench clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/psulua

test: fmt-check vet cross unit e2e

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
	$(GO) test -race -count=1 ./platform/... ./bindings/... ./engine/... ./cmd/...

e2e: build
	$(GO) test -count=1 ./tests/...

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./platform/... ./bindings/...

clean:
	rm -rf bin
