# Vaultdesk. The two commands a newcomer needs are `make run` and `make test`;
# every target installs what it is missing first (scripts/deps.sh).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

WAILS   := go tool wails
COMMIT  := $(shell git rev-parse --short=12 HEAD 2>/dev/null)$(shell git diff --quiet HEAD 2>/dev/null || echo -modified)
LDFLAGS := -X github.com/vaultdesk/vaultdesk/internal/version.commit=$(COMMIT)
# Fuzzing runs for a count of inputs, not a duration: a duration that ends
# while the fuzzer is still minimizing a new input fails the run with
# "context deadline exceeded" on a loaded machine.
FUZZ_PARSE ?= 60000x
FUZZ_DECRYPT ?= 12000x
OUT     := out

.PHONY: help run build build-linux build-windows vdesk test test-go test-fuzz test-frontend test-e2e test-keychain test-clipboard test-interop test-builds bench bench-cli bench-ui screenshots clean

help:
	@echo "make run            install what is missing, build and open the app"
	@echo "make test           install what is missing and run every test suite"
	@echo "make build          Linux app (build/bin/vaultdesk) and CLI (build/bin/vdesk)"
	@echo "make build-windows  Windows app (build/bin/vaultdesk.exe) and NSIS installer"
	@echo "make bench          benchmarks: crypto, sandbox, cache, vault (unlock, search)"
	@echo "make bench-cli      vdesk against the official Bitwarden CLI on 10,000 items"
	@echo "make bench-ui       app start to the unlock screen; search keystroke to list (10,000 items)"
	@echo "make test-e2e       Playwright in Chromium against wails dev (the real Go backend), under Xvfb"
	@echo "make screenshots    PNGs of each main screen of the app window under Xvfb, in $(OUT)/"

run: build
	./build/bin/vaultdesk

build: build-linux vdesk

build-linux:
	scripts/deps.sh build
	$(WAILS) build -ldflags "$(LDFLAGS)"

# The .exe and its NSIS installer; the old ones are removed first so that
# the check below sees this build's files.
build-windows:
	scripts/deps.sh test
	rm -f build/bin/vaultdesk.exe build/bin/Vaultdesk-amd64-installer.exe
	$(WAILS) build -platform windows/amd64 -nsis -ldflags "$(LDFLAGS)"
	@test -s build/bin/vaultdesk.exe || { echo "build-windows: no build/bin/vaultdesk.exe"; exit 1; }
	@test -s build/bin/Vaultdesk-amd64-installer.exe || { echo "build-windows: no NSIS installer build/bin/Vaultdesk-amd64-installer.exe"; exit 1; }
	@ls -l build/bin/vaultdesk.exe build/bin/Vaultdesk-amd64-installer.exe

vdesk:
	go build -ldflags "$(LDFLAGS)" -o build/bin/vdesk ./cmd/vdesk

# ---- tests ---------------------------------------------------------------

test:
	scripts/deps.sh test
	$(MAKE) --no-print-directory test-go test-fuzz test-keychain test-clipboard test-frontend test-e2e test-interop test-builds
	@echo "make test: every suite passed"

test-go:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	go vet ./...
	go test -count=1 ./...

# Each fuzz target runs briefly on every test run; the corpus lives in
# testdata/fuzz next to the target, so past findings are replayed by test-go.
test-fuzz:
	go test ./internal/bitwarden/crypto -run '^$$' -fuzz '^FuzzParseEncString$$' -fuzztime $(FUZZ_PARSE)
	go test ./internal/bitwarden/crypto -run '^$$' -fuzz '^FuzzDecrypt$$' -fuzztime $(FUZZ_DECRYPT)
	go test ./internal/totp -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZ_PARSE)
	go test ./internal/vault -run '^$$' -fuzz '^FuzzParseItemJSON$$' -fuzztime $(FUZZ_DECRYPT)

# The clipboard against a real X11 clipboard (Xvfb and xclip, which the
# script installs).
test-clipboard:
	scripts/clipboard-test.sh

# The keychain against a real Secret Service (gnome-keyring in a private
# D-Bus session), which the script installs and starts.
test-keychain:
	scripts/keyring-test.sh

test-frontend:
	cd frontend && npx tsc --noEmit && npx vitest run

# Playwright drives Debian's Chromium against `wails dev` (the real Go
# backend) under a private Xvfb: the content security policy, then try the
# sandbox, search, copy (read back from the X clipboard), edit, admin, lock
# and unlock. Failures leave screenshots and traces in $(OUT)/e2e.
test-e2e:
	scripts/deps.sh test
	cd frontend && npx tsc --noEmit -p e2e
	scripts/e2e.sh

# The official Bitwarden CLI against the sandbox; -v keeps each bw step's
# duration in the output.
test-interop:
	VDESK_BW=$$(scripts/bw.sh) go test -count=1 -v -timeout 12m ./internal/bwcompat/

# Both desktop builds must succeed, and the Linux one must open a window
# that renders.
test-builds: build build-windows
	scripts/window.sh build/bin/vaultdesk $(OUT)/window.png

# ---- measurements --------------------------------------------------------

bench:
	@mkdir -p $(OUT)
	go test ./internal/bitwarden/crypto ./internal/sandbox/... ./internal/cache ./internal/vault ./internal/admin -run '^$$' -bench . -benchmem -count 5 -timeout 30m | tee $(OUT)/bench.txt

# vdesk against the official CLI on the same 10,000-item sandbox (slow: bw
# needs about a minute to log in and sync).
bench-cli:
	@mkdir -p $(OUT)
	VDESK_BW=$$(scripts/bw.sh) go test ./internal/bwcompat -run '^$$' -bench BenchmarkCLI -benchtime 3x -timeout 30m | tee $(OUT)/bench-cli.txt

# Measured, not asserted: (a) app start to the first screen (the unlock
# screen of an existing account), the built binary under Xvfb, 5 runs;
# (b) search keystroke to the updated list on the 50-org, 10,000-item
# sandbox, in Chromium against wails dev. Figures in $(OUT)/bench-ui-*.
bench-ui: build-linux vdesk
	scripts/deps.sh test
	@mkdir -p $(OUT)
	scripts/startup-bench.sh build/bin/vaultdesk build/bin/vdesk $(OUT)/bench-ui-startup.txt
	VAULTDESK_E2E_BENCH=1 VAULTDESK_SANDBOX_SCALE=50:10000 VAULTDESK_BENCH_OUT=$(abspath $(OUT))/bench-ui-search.txt scripts/e2e.sh

# The real app window (the built binary) under Xvfb, driven by keyboard
# with xdotool: one PNG per main screen in $(OUT)/screen-*.png.
screenshots: build-linux
	scripts/deps.sh test
	scripts/screenshots.sh build/bin/vaultdesk $(OUT)

clean:
	rm -rf build/bin $(OUT)
