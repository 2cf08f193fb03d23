#!/usr/bin/env bash
# bench/deploy.sh — how fast a push reaches users, and what an idle platform costs.
#
# Starts a platform of its own with ./slipway up (a throw-away SLIPWAY_HOME, router on
# $BENCH_PORT, default 18080), creates an app, pushes a Node.js app with one npm dependency once
# (the cold push), then $BENCH_PUSHES more times (default 5), each changing the response body, and
# times each push from `git push` to the first 200 that carries the new body. Then it lets the
# platform idle for $BENCH_IDLE_SECONDS (default 30) and sums the resident memory of every part:
# the launcher, the seven service JVMs, the Kafka broker, both PostgreSQL clusters and the app's dyno.
#
# Prints one line per push and ends with:
#   deploy-bench: cold-push-ms=N warm-push-to-200-ms median=N min=N max=N; idle-rss-mb platform=N (services=N kafka=N postgres=N launcher=N) dyno=N
set -euo pipefail

cd "$(dirname "$(readlink -f "$0")")/.."
port=${BENCH_PORT:-18080}
pushes=${BENCH_PUSHES:-5}
idle_seconds=${BENCH_IDLE_SECONDS:-30}
work=$(mktemp -d /tmp/slipway-deploy-bench.XXXXXX)
export SLIPWAY_HOME=$work/home SLIPWAY_HTTP_PORT=$port
api=http://localhost:$port

stop_platform() {
  ./slipway down >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop_platform EXIT

now_ms() { date +%s%3N; }

echo "deploy-bench: starting the platform in $SLIPWAY_HOME (router on $port)"
./slipway up >"$work/slipway.log" 2>&1 &
for _ in $(seq 1 600); do
  [ -s "$SLIPWAY_HOME/api-key" ] && curl -fsS -o /dev/null "$api/account" \
    -H "Authorization: Bearer $(cat "$SLIPWAY_HOME/api-key")" 2>/dev/null && break
  sleep 0.5
done
key=$(cat "$SLIPWAY_HOME/api-key" 2>/dev/null) || { echo "deploy-bench: the platform did not start:" >&2; tail -20 "$work/slipway.log" >&2; exit 1; }
curl -fsS -o /dev/null -X POST "$api/apps" -H "Authorization: Bearer $key" \
  -H 'Accept: application/vnd.heroku+json; version=3' -H 'Content-Type: application/json' \
  -d '{"name":"bench"}'

app=$work/app
mkdir -p "$app"
cat >"$app/package.json" <<'JSON'
{ "name": "bench", "version": "1.0.0", "scripts": { "start": "node server.js" },
  "dependencies": { "ms": "2.1.3" } }
JSON
write_server() {
  cat >"$app/server.js" <<JS
const ms = require('ms');
require('http').createServer((req, res) => res.end('build $1 ' + ms(60000) + '\n')).listen(process.env.PORT);
JS
}
git -C "$app" init -q -b main
git -C "$app" -c user.email=bench@slipway.local -c user.name=bench commit -q --allow-empty -m init
remote="http://user:$key@localhost:$port/bench.git"

# push_and_wait N: commits build N, pushes it, and prints the ms from push to the first 200 carrying it.
push_and_wait() {
  write_server "$1"
  git -C "$app" add -A
  git -C "$app" -c user.email=bench@slipway.local -c user.name=bench commit -q -m "build $1"
  local started
  started=$(now_ms)
  git -C "$app" push -q "$remote" main >"$work/push-$1.log" 2>&1 || { cat "$work/push-$1.log" >&2; exit 1; }
  until curl -fsS -H "Host: bench.localhost" "$api/" 2>/dev/null | grep -q "build $1 "; do
    if (($(now_ms) - started > 300000)); then
      echo "deploy-bench: build $1 never answered; see $SLIPWAY_HOME/logs" >&2
      exit 1
    fi
    sleep 0.02
  done
  echo $(($(now_ms) - started))
}

cold=$(push_and_wait 0)
echo "deploy-bench: cold push (npm install, first dyno) to first 200: $cold ms"
warm=()
for n in $(seq 1 "$pushes"); do
  warm+=("$(push_and_wait "$n")")
  echo "deploy-bench: warm push $n to first 200: ${warm[-1]} ms"
done
sorted=($(printf '%s\n' "${warm[@]}" | sort -n))
median=${sorted[$(((${#sorted[@]} - 1) / 2))]}

echo "deploy-bench: idling ${idle_seconds}s before measuring memory"
sleep "$idle_seconds"
# Every process of this platform carries its SLIPWAY_HOME in its environment (dynos get a clean
# one and run in sandboxes, so they are found by their app's id); each is counted once, by what it runs.
app_id=$(curl -fsS "$api/apps/bench" -H "Authorization: Bearer $key" -H 'Accept: application/vnd.heroku+json; version=3' | jq -r .id)
declare -A mb=([services]=0 [kafka]=0 [postgres]=0 [launcher]=0 [dyno]=0)
for proc in /proc/[0-9]*; do
  kb=$(awk '/^VmRSS:/ {print $2}' "$proc/status" 2>/dev/null) || continue
  [ -n "$kb" ] || continue
  if tr '\0' '\n' 2>/dev/null <"$proc/environ" | grep -qx "HEROKU_APP_ID=$app_id"; then
    part=dyno
  elif tr '\0' '\n' 2>/dev/null <"$proc/environ" | grep -qx "SLIPWAY_HOME=$SLIPWAY_HOME"; then
    cmd=$(tr '\0' ' ' 2>/dev/null <"$proc/cmdline" || true)
    case "$cmd" in
      *dev.slipway.devstack.Launcher*) part=launcher ;;
      *quarkus-run.jar*) part=services ;;
      *kafka*) part=kafka ;;
      *postgres*|*pg_ctl*) part=postgres ;;
      *) continue ;;
    esac
  else
    continue
  fi
  mb[$part]=$((mb[$part] + kb))
done
for part in "${!mb[@]}"; do mb[$part]=$((mb[$part] / 1024)); done
platform_mb=$((mb[services] + mb[kafka] + mb[postgres] + mb[launcher]))

echo "deploy-bench: cold-push-ms=$cold warm-push-to-200-ms median=$median min=${sorted[0]} max=${sorted[-1]};" \
  "idle-rss-mb platform=$platform_mb (services=${mb[services]} kafka=${mb[kafka]} postgres=${mb[postgres]} launcher=${mb[launcher]}) dyno=${mb[dyno]}"
