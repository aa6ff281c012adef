#!/usr/bin/env bash
# Builds the native prover (Go, -buildmode=c-shared) into
#   <output-dir>/<jna-platform>/libkeystore_prover.so
# where JNA finds it on the classpath. The library is cached under
# ${KEYSTORE_CACHE:-~/.cache/keystore-rollup}/native/<source hash>/, keyed by
# every Go source, go.mod and go.sum it is built from (here and in
# keystore-circuits) and the Go version: a build with nothing changed reuses
# it without invoking the Go compiler, even after `mvn clean`.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out_dir=${1:?usage: build-native.sh <output-dir>}
go=${GO:-go}
command -v "$go" >/dev/null || { echo "error: Go toolchain '$go' not found; install Go 1.25+" >&2; exit 1; }

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux-x86-64; lib=libkeystore_prover.so ;;
  Linux-aarch64) platform=linux-aarch64; lib=libkeystore_prover.so ;;
  Darwin-arm64) platform=darwin-aarch64; lib=libkeystore_prover.dylib ;;
  Darwin-x86_64) platform=darwin-x86-64; lib=libkeystore_prover.dylib ;;
  *) echo "error: unsupported platform $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac

hash=$(
  {
    "$go" version
    cd "$here/.."
    find prover-native/native keystore-circuits -type f \( -name '*.go' -o -name go.mod -o -name go.sum \) \
      -not -name '*_test.go' -not -path '*/testdata/*' | LC_ALL=C sort | xargs sha256sum
  } | sha256sum | cut -c1-16
)
cache=${KEYSTORE_CACHE:-$HOME/.cache/keystore-rollup}/native/$hash
if [ -f "$cache/$lib" ]; then
  echo "[prover-native] up to date: $cache/$lib"
else
  echo "[prover-native] building $lib (source hash $hash)"
  mkdir -p "$cache.tmp"
  (cd "$here/native" && CGO_ENABLED=1 "$go" build -buildmode=c-shared -trimpath -o "$cache.tmp/$lib" .)
  rm -rf "$cache" && mv "$cache.tmp" "$cache"
fi
mkdir -p "$out_dir/$platform"
cp "$cache/$lib" "$out_dir/$platform/"
