#!/usr/bin/env bash
# Fails, listing them, when gofmt would reformat Go files under a directory
# (default: the working directory). Uses the gofmt of $GO's toolchain (default
# `go`), so that the check and the build agree on the formatter's version.
set -euo pipefail
dir=${1:-.}
gofmt="$("${GO:-go}" env GOROOT)/bin/gofmt"
[ -x "$gofmt" ] || gofmt=gofmt
files=$("$gofmt" -l "$dir")
if [ -n "$files" ]; then
  echo "gofmt: not formatted (run gofmt -w on them):" >&2
  echo "$files" >&2
  exit 1
fi
