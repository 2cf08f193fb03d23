#!/usr/bin/env bash
# bench/router.sh — Slipway's router against nginx and HAProxy, side by side in one run.
#
# Four backends on loopback (one nginx process answering a fixed 200 on four ports), then, in
# turn and with the same tools, connections and durations: the backends directly, nginx as a
# reverse proxy to them, HAProxy likewise, and Slipway's router (its real jar, its routing table
# fed by real events on a real Kafka, see bench/README.md). Each cycle is repeated; the first
# cycle of each phase is a discarded warm-up; medians are printed.
#
#   phase 1, throughput at saturation: wrk, BENCH_CONNECTIONS keep-alive connections, and the
#            CPU time per request of each target's own processes (from /proc: a figure that a
#            busy machine disturbs much less than requests per second)
#   phase 2, latency at a fixed rate (half of nginx's median maximum): bench/loadgen's
#            open-loop generator (corrects for coordinated omission), same connections
#
# Settings: BENCH_PORT (8091: the router; the others use the next ports up to +22),
# BENCH_ROUNDS (5 measured cycles per phase), BENCH_SECONDS (10 per measurement),
# BENCH_CONNECTIONS (64), BENCH_ROUTER_WARMUP_SECONDS (90 of wrk load on the router before the
# first cycle, so that C2 has compiled the hot path), BENCH_ROUTER_JAVA_OPTS (see below).
#
# Last line, for comparing runs:
# router-bench: rps router=N nginx=N haproxy=N; ratio nginx=R haproxy=R; added-p99-ms router=X nginx=Y haproxy=Z; upstream-connects-per-1k=C; rss-mb=M
set -euo pipefail

cd "$(dirname "$(readlink -f "$0")")/.."
repo=$PWD
JAVA_HOME=$(.ci/find-jdk)
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

port=${BENCH_PORT:-8091}
rounds=${BENCH_ROUNDS:-5}
seconds=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-64}
latency_warmup=3
router_warmup=${BENCH_ROUTER_WARMUP_SECONDS:-90}
# 1: every proxy records every request, as Slipway's router always does (its heroku[router] line
# shipped to the app's log stream): nginx to a buffered access log file, HAProxy to stdout in its
# HTTP log format. 0: none does (nginx and HAProxy without logs, the router with ship-logs=false).
access_logs=${BENCH_ACCESS_LOGS:-1}

backend_ports=($((port + 10)) $((port + 11)) $((port + 12)) $((port + 13)))
status_port=$((port + 14))
nginx_port=$((port + 20))
haproxy_port=$((port + 21))
router_internal_port=$((port + 22))
host=bench.localhost

for p in "$port" "${backend_ports[@]}" "$status_port" "$nginx_port" "$haproxy_port" "$router_internal_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "port $p is in use: set BENCH_PORT to a free range" >&2
    exit 1
  fi
done

missing=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
command -v wrk >/dev/null || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} (apt-get)"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi
export PATH="$PATH:/usr/sbin"

work=$(mktemp -d /tmp/router-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -f "$work/backends/nginx.pid" ] && kill "$(cat "$work/backends/nginx.pid")" 2>/dev/null || true
  [ -f "$work/proxy/nginx.pid" ] && kill "$(cat "$work/proxy/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== building the router and the load generator"
# one reactor, so the generator's classpath points at this checkout's modules (never ~/.m2's);
# bench/loadgen builds last, so its classpath is the one left in cp.txt
./mvnw -B -q -pl router,bench/loadgen -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$work/cp.txt" >/dev/null
loadgen_cp="bench/loadgen/target/classes:$(cat "$work/cp.txt")"

echo "== backends: nginx, one worker, a fixed 200 on ports ${backend_ports[*]}"
mkdir -p "$work/backends/logs"
{
  echo "worker_processes 1; pid $work/backends/nginx.pid; error_log $work/backends/error.log warn; daemon on;"
  echo "events { worker_connections 16384; }"
  echo "http { access_log off; keepalive_requests 100000000; keepalive_timeout 600s; default_type text/plain;"
  for p in "${backend_ports[@]}"; do
    echo "  server { listen 127.0.0.1:$p backlog=4096; location / { return 200 \"hello from $p\\n\"; } }"
  done
  echo "  server { listen 127.0.0.1:$status_port; location / { stub_status; } }"
  echo "}"
} >"$work/backends/nginx.conf"
nginx -p "$work/backends" -c "$work/backends/nginx.conf"

# connections the backends accepted so far (minus the status request itself)
accepts() { curl -s "http://127.0.0.1:$status_port/" | awk 'NR==3 {print $1 - 1}'; }

if [ "$access_logs" = 1 ]; then
  nginx_access_log="access_log $work/proxy/access.log combined buffer=256k flush=1s;"
  haproxy_log_global="  log stdout format raw local0"
  haproxy_log_defaults="  log global
  option httplog"
  router_ship_logs=true
else
  nginx_access_log="access_log off;"
  haproxy_log_global=""
  haproxy_log_defaults=""
  router_ship_logs=false
fi

echo "== nginx reverse proxy on $nginx_port (least_conn, upstream keep-alive; $nginx_access_log)"
mkdir -p "$work/proxy/logs"
{
  echo "worker_processes auto; pid $work/proxy/nginx.pid; error_log $work/proxy/error.log warn; daemon on;"
  echo "events { worker_connections 16384; }"
  echo "http { $nginx_access_log keepalive_requests 100000000; keepalive_timeout 600s;"
  echo "  upstream dynos { least_conn;"
  for p in "${backend_ports[@]}"; do echo "    server 127.0.0.1:$p;"; done
  echo "    keepalive 512; keepalive_requests 100000000; keepalive_timeout 600s; }"
  echo "  server { listen 127.0.0.1:$nginx_port backlog=4096;"
  echo "    location / { proxy_pass http://dynos; proxy_http_version 1.1; proxy_set_header Connection \"\";"
  echo "      proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;"
  echo "      proxy_set_header X-Forwarded-Proto \$scheme; proxy_set_header X-Forwarded-Port \$server_port;"
  echo "      proxy_set_header X-Request-Id \$request_id; proxy_set_header X-Request-Start \$msec;"
  echo "      proxy_set_header Via \"1.1 nginx\"; proxy_buffering off; } }"
  echo "}"
} >"$work/proxy/nginx.conf"
nginx -p "$work/proxy" -c "$work/proxy/nginx.conf"

echo "== HAProxy on $haproxy_port (leastconn, http-reuse always; request log: $([ "$access_logs" = 1 ] && echo stdout || echo off))"
{
  echo "global"
  echo "  nbthread $(nproc)"
  echo "  maxconn 8000"
  [ -n "$haproxy_log_global" ] && echo "$haproxy_log_global"
  echo "defaults"
  [ -n "$haproxy_log_defaults" ] && echo "$haproxy_log_defaults"
  echo "  mode http"
  echo "  timeout connect 5s"
  echo "  timeout client 60s"
  echo "  timeout server 30s"
  echo "  timeout http-keep-alive 600s"
  echo "  http-reuse always"
  echo "frontend fe"
  echo "  bind 127.0.0.1:$haproxy_port"
  echo "  option forwardfor"
  echo "  http-request set-header X-Forwarded-Proto http"
  echo "  http-request set-header X-Forwarded-Port %[dst_port]"
  echo "  http-request set-header X-Request-Id %[uuid]"
  echo "  http-request set-header X-Request-Start %[date(0,ms)]"
  echo "  http-request add-header Via \"1.1 haproxy\""
  echo "  default_backend dynos"
  echo "backend dynos"
  echo "  balance leastconn"
  i=0
  for p in "${backend_ports[@]}"; do i=$((i + 1)); echo "  server d$i 127.0.0.1:$p"; done
} >"$work/haproxy.cfg"
haproxy -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
haproxy_pid=$!
pids+=($haproxy_pid)

echo "== Slipway's router on $port: PostgreSQL, Kafka and the events of app bench with 4 web dynos (ship-logs=$router_ship_logs)"
java -cp "$loadgen_cp" dev.slipway.bench.BenchStack "$work/router.env" "${backend_ports[@]}" >"$work/stack.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do [ -s "$work/router.env" ] && break; sleep 1; done
[ -s "$work/router.env" ] || { cat "$work/stack.log"; echo "bench stack did not start" >&2; exit 1; }
set -a
# shellcheck disable=SC1091
. "$work/router.env"
set +a
# the router's Netty options are devstack's, for this JDK (PlatformSettings.ROUTER_NETTY_OPTIONS, which
# BenchStack writes as BENCH_ROUTER_NETTY_OPTIONS): Unsafe on, direct memory without a cleaner, buffer
# checks on (see router/README.md, issues 14 and 18)
router_opts=${BENCH_ROUTER_JAVA_OPTS:--XX:+UseParallelGC -Xms64m -Xmx512m $BENCH_ROUTER_NETTY_OPTIONS}
# shellcheck disable=SC2086
SLIPWAY_HTTP_PORT=$port SLIPWAY_ROUTER_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$router_internal_port \
  SLIPWAY_ROUTER_SHIP_LOGS=$router_ship_logs \
  java $router_opts -jar router/target/quarkus-app/quarkus-run.jar >"$work/router.log" 2>&1 &
router_pid=$!
pids+=($router_pid)
for _ in $(seq 1 120); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $host" "http://127.0.0.1:$port/" || true)
  [ "$code" = 200 ] && break
  sleep 1
done
[ "$code" = 200 ] || { tail -50 "$work/router.log"; echo "router does not route bench.localhost" >&2; exit 1; }
echo "   router JVM: java $router_opts ($(java -version 2>&1 | head -1))"
echo "   router memory: $(grep -o 'pooled direct memory allocated and freed.*' "$work/router.log" | head -1)"

targets=(direct nginx haproxy router)
# the targets in round r's order: the list rotated by r, so that no target always runs right
# after the same one (the shared machine's speed drifts within a round)
in_turn() {
  local i n=${#targets[@]}
  for i in $(seq 0 $((n - 1))); do echo "${targets[$(((i + $1) % n))]}"; done
}
port_of() {
  case $1 in
    direct) echo "${backend_ports[0]}" ;;
    nginx) echo "$nginx_port" ;;
    haproxy) echo "$haproxy_port" ;;
    router) echo "$port" ;;
  esac
}
loadgen_targets() {
  if [ "$1" = direct ]; then
    local list="" p
    for p in "${backend_ports[@]}"; do list="$list${list:+,}127.0.0.1:$p"; done
    echo "$list"
  else
    echo "127.0.0.1:$(port_of "$1")"
  fi
}
# the processes that do a target's work, and the CPU time (clock ticks) they have used so far
pids_of() {
  case $1 in
    direct) pgrep -P "$(cat "$work/backends/nginx.pid")" ;;
    nginx) pgrep -P "$(cat "$work/proxy/nginx.pid")" ;;
    haproxy) echo "$haproxy_pid" ;;
    router) echo "$router_pid" ;;
  esac
}
cpu_ticks() {
  local total=0 p
  for p in $(pids_of "$1"); do
    [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}
hz=$(getconf CLK_TCK)
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print 0; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

echo "== warming the router's JIT up: wrk for ${router_warmup}s (not measured)"
wrk -t2 -c"$conns" -d"${router_warmup}s" -H "Host: $host" "http://127.0.0.1:$port/" | awk '/^Requests\/sec/ {print "   warm-up: " $2 " req/s"}'

echo "== phase 1: throughput at saturation (wrk -t2 -c$conns -d${seconds}s), round 0 is warm-up"
for round in $(seq 0 "$rounds"); do
  for t in $(in_turn "$round"); do
    ticks_before=$(cpu_ticks "$t")
    out=$(wrk -t2 -c"$conns" -d"${seconds}s" -H "Host: $host" "http://127.0.0.1:$(port_of "$t")/")
    ticks=$(($(cpu_ticks "$t") - ticks_before))
    rps=$(echo "$out" | awk '/^Requests\/sec/ {printf "%.0f", $2}')
    served=$(echo "$out" | awk '/requests in/ {print $1}')
    # CPU per request of the target's own processes: what the proxy costs, whatever else runs
    cpu_us=$(awk -v t="$ticks" -v n="$served" -v hz="$hz" 'BEGIN {printf "%.1f", n ? t * 1e6 / hz / n : 0}')
    errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
    echo "   round $round $t: $rps req/s, $cpu_us CPU-us/request ${errs}"
    if [ "$round" -gt 0 ]; then
      echo "$rps" >>"$work/rps.$t"
      echo "$cpu_us" >>"$work/cpu.$t"
    fi
  done
done
declare -A max_rps cpu_per_request
for t in "${targets[@]}"; do
  max_rps[$t]=$(median <"$work/rps.$t")
  cpu_per_request[$t]=$(median <"$work/cpu.$t")
done
rate=$(awk -v n="${max_rps[nginx]}" 'BEGIN {printf "%.0f", n / 2}')

echo "== phase 2: latency at $rate req/s (half of nginx's median), open loop, $conns connections, round 0 is warm-up"
for round in $(seq 0 "$rounds"); do
  for t in $(in_turn "$round"); do
    before=$(accepts)
    ( sleep $((latency_warmup + seconds / 2)); ps -o rss= -p "$router_pid" >"$work/rss.now" ) &
    sampler=$!
    out=$(java -Xmx256m -XX:+UseSerialGC -cp "$loadgen_cp" dev.slipway.bench.OpenLoopLoad \
      targets="$(loadgen_targets "$t")" host="$host" rate="$rate" connections="$conns" \
      warmup="$latency_warmup" duration="$seconds")
    wait "$sampler"
    after=$(accepts)
    echo "   round $round $t: $out upstream-accepts=$((after - before))"
    if [ "$round" -gt 0 ]; then
      kv() { echo "$out" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
      echo "$(kv p50-us) $(kv p99-us) $(kv p999-us) $(kv all-requests) $((after - before)) $(kv errors) $(kv non2xx)" \
        >>"$work/lat.$t.$round"
      [ "$t" = router ] && cat "$work/rss.now" >>"$work/rss"
    fi
  done
done

# added latency: per round, proxy minus direct; then the median over the rounds
declare -A add50 add99 add999 per1k
for t in nginx haproxy router; do
  for round in $(seq 1 "$rounds"); do
    read -r d50 d99 d999 _ <"$work/lat.direct.$round"
    read -r p50 p99 p999 n acc _ <"$work/lat.$t.$round"
    echo "$((p50 - d50)) $((p99 - d99)) $((p999 - d999)) $(awk -v a="$acc" -v n="$n" 'BEGIN {printf "%.2f", n ? a * 1000 / n : 0}')" \
      >>"$work/added.$t"
  done
  add50[$t]=$(awk '{print $1}' "$work/added.$t" | median)
  add99[$t]=$(awk '{print $2}' "$work/added.$t" | median)
  add999[$t]=$(awk '{print $3}' "$work/added.$t" | median)
  per1k[$t]=$(awk '{print $4}' "$work/added.$t" | median)
done
ms() { awk -v us="$1" 'BEGIN {printf "%.3f", us / 1000}'; }
rss_mb=$(median <"$work/rss" | awk '{printf "%.0f", $1 / 1024}')

echo
echo "== medians of $rounds rounds ($conns connections; latency at $rate req/s)"
printf '%-8s %12s %12s %14s %14s %15s %18s\n' target "max req/s" "CPU-us/req" "added p50 ms" "added p99 ms" \
  "added p99.9 ms" "upstream conn/1k"
printf '%-8s %12s %12s %14s %14s %15s %18s\n' direct "${max_rps[direct]}" "${cpu_per_request[direct]}" - - - -
for t in nginx haproxy router; do
  printf '%-8s %12s %12s %14s %14s %15s %18s\n' "$t" "${max_rps[$t]}" "${cpu_per_request[$t]}" "$(ms "${add50[$t]}")" \
    "$(ms "${add99[$t]}")" "$(ms "${add999[$t]}")" "${per1k[$t]}"
done
echo "CPU-us/req: CPU time of the target's own processes per request served at saturation (for direct, the backends')"
echo "router resident memory under load: ${rss_mb} MB (JVM: $router_opts)"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b ? a / b : 0}'; }
echo "router-bench: rps router=${max_rps[router]} nginx=${max_rps[nginx]} haproxy=${max_rps[haproxy]};" \
  "ratio nginx=$(ratio "${max_rps[router]}" "${max_rps[nginx]}") haproxy=$(ratio "${max_rps[router]}" "${max_rps[haproxy]}");" \
  "added-p99-ms router=$(ms "${add99[router]}") nginx=$(ms "${add99[nginx]}") haproxy=$(ms "${add99[haproxy]}");" \
  "upstream-connects-per-1k=${per1k[router]}; rss-mb=${rss_mb}"
