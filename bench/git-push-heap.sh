#!/usr/bin/env bash
# bench/git-push-heap.sh — git-gateway's heap during a large push, this checkout against another ref.
#
# Runs git-gateway's GitPushHeapBench (a @QuarkusTest: git-gateway in the test JVM, real
# PostgreSQL and Kafka from devstack, a real `git push` over loopback of one incompressible file of
# $BENCH_PUSH_MB MB, default 200) with the services' heap settings (-Xmx256m, serial GC), first on
# this checkout, then on $BENCH_BEFORE_REF (default main) exported to a temp dir with the same
# bench class copied in (BENCH_SIDES="after before" by default). A push gets 300 s, then it is
# counted as not stored. Builds with ./mvnw -pl git-gateway -am (never install).
#
# Prints, per side:
#   git-push-heap[after|before]: push-mb=N max-heap-mb=N heap-before-mb=N peak-heap-above-before-mb=N push-ms=N stored=true|false
set -euo pipefail

cd "$(dirname "$(readlink -f "$0")")/.."
repo=$PWD
mb=${BENCH_PUSH_MB:-200}
before_ref=${BENCH_BEFORE_REF:-main}
JAVA_HOME=$(.ci/find-jdk)
export JAVA_HOME
bench=git-gateway/src/test/java/dev/slipway/git/GitPushHeapBench.java
tmp=$(mktemp -d /tmp/slipway-push-heap.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

run() { # run LABEL DIR
  (cd "$2" && ./mvnw -B -q -o -pl git-gateway -am verify -DskipITs -Dtest=GitPushHeapBench \
      -Dsurefire.failIfNoSpecifiedTests=false -Dbench.push-mb="$mb" \
      -DargLine="-Xmx256m -XX:+UseSerialGC -Dbench.push-mb=$mb" >"$tmp/$1.log" 2>&1) || true
  if grep -q '^git-push-heap: push-mb' "$tmp/$1.log"; then
    grep '^git-push-heap:' "$tmp/$1.log" | sed "s/^git-push-heap:/git-push-heap[$1]:/"
  else
    echo "git-push-heap[$1]: no figure; the run ended with:"
    grep -E 'OutOfMemoryError|Tests run:|ERROR' "$tmp/$1.log" | head -5
  fi
}

sides=${BENCH_SIDES:-after before}
for side in $sides; do
  if [ "$side" = after ]; then
    run after "$repo"
  else
    mkdir -p "$tmp/before"
    git -C "$repo" archive "$before_ref" | tar -x -C "$tmp/before"
    cp "$bench" "$tmp/before/$bench"
    run before "$tmp/before"
  fi
done
