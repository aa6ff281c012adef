#!/usr/bin/env bash
# Prints the home of a JDK of 21 or later, or fails with a clear message.
# Order: $JAVA_HOME, the `java` on PATH, then the JDKs under /usr/lib/jvm and
# /opt (newest first).
set -euo pipefail

major_of() { # $1 = java home; prints the feature version or nothing
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p') || return 0
  echo "${v%%.*}"
}

candidates=()
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
if command -v java >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
fi
for d in $(ls -d /usr/lib/jvm/* /opt/*jdk* /opt/java/* 2>/dev/null | sort -rV); do
  candidates+=("$d")
done

for home in "${candidates[@]}"; do
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
  major=$(major_of "$home")
  if [ -n "$major" ] && [ "$major" -ge 21 ]; then
    echo "$home"
    exit 0
  fi
done

echo "error: keystore-rollup needs a JDK of 21 or later and found none (looked at JAVA_HOME, PATH, /usr/lib/jvm, /opt). Install one (e.g. Temurin 21) and set JAVA_HOME." >&2
exit 1
