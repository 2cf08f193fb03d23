#!/usr/bin/env bash
# bench/head-flood.sh — issue 14's memory attack on the router, reproduced: 40 connections from
# one client each send an unfinished 8 MB request head, while another client keeps asking for a
# page. The router runs as devstack runs it (its jar, -Xmx256m, SerialGC, ExitOnOutOfMemoryError),
# on devstack's PostgreSQL and Kafka (bench/loadgen's BenchStack).
#
#   bash bench/head-flood.sh                 # the router as configured
#   FLOOD_ROUTER_OPTS='-Dslipway.router.head-memory=100000000000 -Dslipway.router.head-timeout=10m' \
#     bash bench/head-flood.sh               # its head budget and head timeout switched off
#
# Last line: head-flood: router=<up|down> others-served=N others-failed=N flood=<outcomes> rss-mb=M
set -euo pipefail

cd "$(dirname "$(readlink -f "$0")")/.."
JAVA_HOME=$(.ci/find-jdk)
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
port=${FLOOD_PORT:-8191}
work=$(mktemp -d /tmp/head-flood.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

./mvnw -B -q -pl router,bench/loadgen -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="bench/loadgen/target/classes:$(cat "$work/cp.txt")"
java -cp "$cp" dev.slipway.bench.BenchStack "$work/router.env" 1 >"$work/stack.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do [ -s "$work/router.env" ] && break; sleep 1; done
set -a
# shellcheck disable=SC1091
. "$work/router.env"
set +a
# shellcheck disable=SC2086
SLIPWAY_HTTP_PORT=$port SLIPWAY_ROUTER_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$((port + 1)) SLIPWAY_ROUTER_SHIP_LOGS=false \
  java -XX:+UseSerialGC -Xms32m -Xmx256m -Xss512k -XX:+ExitOnOutOfMemoryError $BENCH_ROUTER_NETTY_OPTIONS ${FLOOD_ROUTER_OPTS:-} \
  -jar router/target/quarkus-app/quarkus-run.jar >"$work/router.log" 2>&1 &
router_pid=$!
pids+=($router_pid)
for _ in $(seq 1 120); do
  curl -s -o /dev/null -H 'Host: nosuch.localhost' "http://127.0.0.1:$port/" && break
  sleep 1
done

python3 - "$port" "$router_pid" >"$work/flood.out" <<'PY'
import socket, sys, threading, time, collections
port, pid = int(sys.argv[1]), sys.argv[2]
outcomes, served, failed, rss = collections.Counter(), [0], [0], [0]
def flood():
    s = socket.create_connection(("127.0.0.1", port)); s.settimeout(60)
    line = b"X-Big: " + b"a" * 7990 + b"\r\n"
    try:
        s.sendall(b"GET / HTTP/1.1\r\nHost: nosuch.localhost\r\n")
        for _ in range(8_000_000 // len(line)):
            s.sendall(line)
    except OSError:
        pass
    try:
        got = s.recv(12)
        outcomes[got[9:12].decode() if len(got) == 12 else "closed"] += 1
    except OSError as e:
        outcomes["reset"] += 1
    s.close()
threads = [threading.Thread(target=flood) for _ in range(40)]
for t in threads: t.start()
while any(t.is_alive() for t in threads):
    try:
        c = socket.create_connection(("127.0.0.1", port), timeout=5); c.settimeout(5)
        c.sendall(b"GET / HTTP/1.1\r\nHost: nosuch.localhost\r\nConnection: close\r\n\r\n")
        if c.recv(12)[9:12] == b"404":
            served[0] += 1
        else:
            failed[0] += 1
        c.close()
    except OSError:
        failed[0] += 1
    try:
        rss[0] = max(rss[0], int(open(f"/proc/{pid}/status").read().split("VmRSS:")[1].split()[0]) // 1024)
    except (OSError, IndexError):
        pass
    time.sleep(0.2)
print(f"others-served={served[0]} others-failed={failed[0]} flood={dict(outcomes)} rss-mb={rss[0]}")
PY
sleep 1
if kill -0 "$router_pid" 2>/dev/null && curl -s -o /dev/null -H 'Host: nosuch.localhost' "http://127.0.0.1:$port/"; then
  state=up
else
  state=down
fi
grep -oE "Terminating due to .*|unfinished request heads .*|request head not complete .*" "$work/router.log" | sort | uniq -c \
  | sed 's/^/   router.log: /' || true
echo "head-flood: router=$state $(cat "$work/flood.out")"
