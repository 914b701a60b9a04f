#!/usr/bin/env bash
# A `go` for `wails dev -compiler`: wails dev always builds with
# `-gcflags all=-N -l` (no optimisation, for debuggers), which makes the Go
# side several times slower than the app users run. The UI benchmark
# measures the shipped app, so it compiles through this, which drops that
# pair and passes everything else to go.
args=()
skip=0
for a in "$@"; do
  if [ "$skip" = 1 ]; then skip=0; [ "$a" = "all=-N -l" ] && continue; args+=(-gcflags "$a"); continue; fi
  if [ "$a" = "-gcflags" ]; then skip=1; continue; fi
  args+=("$a")
done
exec go "${args[@]}"
