#!/usr/bin/env bash
# bench/builds.sh — how long a push takes to reach users, per language, beside the floor.
#
# For each fixture under e2e-tests/src/test/fixtures/ that holds a `bench` file (adding a language
# is adding that file to its fixture), on a platform of its own (./slipway up, a throw-away
# SLIPWAY_HOME, router on $BENCH_PORT, default 18090): creates an app, pushes the fixture with no
# buildpack set (cold: nothing cached), then pushes an empty commit (warm: the same dependencies),
# and times each from `git push` to the first 200 through the router (the push itself returns
# once a dyno of the new release is up). The floor is the same dependency install and start run
# by hand on the host, in a fresh copy of the fixture, timed from the install to the first 200
# (run twice, the second counted, so the host's package cache is warm as the platform's is).
#
# A fixture's `bench` file, key=value lines (the commands run with bash in the copy):
#   lang=node                          the name printed
#   install=npm ci --no-audit          the dependency install by hand
#   start=node server.js               the start by hand ($PORT is set)
#
# BENCH_FIXTURES=java-spring-boot,gradle-plain runs only the fixtures named.
#
# Prints one line per push and ends with:
#   build-bench: <lang>=<warm>s(floor <f>s) ...
set -euo pipefail

cd "$(dirname "$(readlink -f "$0")")/.."
port=${BENCH_PORT:-18090}
floor_port=$((port + 1))
work=$(mktemp -d /tmp/slipway-build-bench.XXXXXX)
export SLIPWAY_HOME=$work/home SLIPWAY_HTTP_PORT=$port
api=http://localhost:$port
JAVA_HOME=$(.ci/find-jdk)
export JAVA_HOME
floor_pid=""

stop_platform() {
  [ -n "$floor_pid" ] && kill "$floor_pid" 2>/dev/null || true
  ./slipway down >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop_platform EXIT

now_ms() { date +%s%3N; }
seconds() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }

# bench_value FILE KEY: the value of KEY= in a fixture's bench file.
bench_value() { sed -n "s/^$2=//p" "$1" | head -n 1; }

fixtures=()
for marker in e2e-tests/src/test/fixtures/*/bench; do
  name=$(basename "$(dirname "$marker")")
  # BENCH_FIXTURES (comma-separated fixture names) narrows the run, e.g. java-spring-boot,gradle-plain
  [ -z "${BENCH_FIXTURES:-}" ] || [[ ",$BENCH_FIXTURES," == *",$name,"* ]] || continue
  [ -f "$marker" ] && fixtures+=("$(dirname "$marker")")
done
[ ${#fixtures[@]} -gt 0 ] || { echo "build-bench: no fixture has a bench file" >&2; exit 1; }

# One reactor build of this checkout (never ./mvnw install: ~/.m2 is shared), then ./slipway up
# finds it current and starts it as it is.
echo "build-bench: building the platform (./mvnw package -DskipTests)"
started=$(date +%s)
./mvnw -B -q package -DskipTests -pl config-service,git-gateway,builder-service,release-service,dyno-manager,router,addon-service,devstack -am >"$work/build.log" 2>&1 \
  || { tail -30 "$work/build.log" >&2; exit 1; }
touch -d "@$started" devstack/target/slipway-build.stamp

echo "build-bench: starting the platform in $SLIPWAY_HOME (router on $port)"
./slipway up >"$work/slipway.log" 2>&1 &
for _ in $(seq 1 600); do
  [ -s "$SLIPWAY_HOME/api-key" ] && curl -fsS -o /dev/null "$api/account" \
    -H "Authorization: Bearer $(cat "$SLIPWAY_HOME/api-key")" 2>/dev/null && break
  sleep 0.5
done
key=$(cat "$SLIPWAY_HOME/api-key" 2>/dev/null) || { echo "build-bench: the platform did not start:" >&2; tail -20 "$work/slipway.log" >&2; exit 1; }

# push_to_200 APP DIR LABEL: pushes DIR to APP and prints the ms from push to the first 200.
push_to_200() {
  local app="$1" dir="$2" label="$3" started
  started=$(now_ms)
  git -C "$dir" push -q "http://user:$key@localhost:$port/$app.git" main >"$work/$app-$label.log" 2>&1 \
    || { echo "build-bench: $label push of $app failed:" >&2; tail -30 "$work/$app-$label.log" >&2; exit 1; }
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $app.localhost" "$api/")" = 200 ]; do
    if (($(now_ms) - started > 600000)); then
      echo "build-bench: $app never answered; see $SLIPWAY_HOME/logs" >&2
      exit 1
    fi
    sleep 0.02
  done
  echo $(($(now_ms) - started))
}

# floor FIXTURE: the install and start by hand, in a fresh copy; prints the ms to the first 200.
floor() {
  local fixture="$1" copy install start started
  install=$(bench_value "$fixture/bench" install)
  start=$(bench_value "$fixture/bench" start)
  copy=$(mktemp -d "$work/floor.XXXXXX")
  cp -a "$fixture/." "$copy/"
  started=$(now_ms)
  (cd "$copy" && bash -c "$install") >"$work/floor-install.log" 2>&1 \
    || { echo "build-bench: the floor's install failed ($install):" >&2; tail -20 "$work/floor-install.log" >&2; exit 1; }
  (cd "$copy" && PORT=$floor_port exec bash -c "exec $start") >"$work/floor-start.log" 2>&1 &
  floor_pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$floor_port/")" = 200 ]; do
    kill -0 "$floor_pid" 2>/dev/null || { echo "build-bench: the floor's start exited ($start):" >&2; cat "$work/floor-start.log" >&2; exit 1; }
    sleep 0.02
  done
  echo $(($(now_ms) - started))
  kill "$floor_pid" 2>/dev/null || true
  wait "$floor_pid" 2>/dev/null || true
  floor_pid=""
}

summary="build-bench:"
for fixture in "${fixtures[@]}"; do
  lang=$(bench_value "$fixture/bench" lang)
  app="bench-$(basename "$fixture" | tr -c 'a-z0-9\n' '-')"
  curl -fsS -o /dev/null -X POST "$api/apps" -H "Authorization: Bearer $key" \
    -H 'Accept: application/vnd.heroku+json; version=3' -H 'Content-Type: application/json' \
    -d "{\"name\":\"$app\"}"
  dir="$work/apps/$app"
  mkdir -p "$dir"
  cp -a "$fixture/." "$dir/"
  git -C "$dir" init -q -b main
  git -C "$dir" add -A
  git -C "$dir" -c user.email=bench@slipway.local -c user.name=bench commit -q -m "fixture"
  cold=""
  for _ in $(seq 1 60); do
    # right after creation the gateway may not know the app yet
    cold=$(push_to_200 "$app" "$dir" cold 2>/dev/null) && break
    grep -q -e 404 -e "not found" "$work/$app-cold.log" || { cat "$work/$app-cold.log" >&2; exit 1; }
    sleep 0.5
  done
  [ -n "$cold" ] || { echo "build-bench: $app: the gateway never accepted the push" >&2; exit 1; }
  git -C "$dir" -c user.email=bench@slipway.local -c user.name=bench commit -q --allow-empty -m "again"
  warm=$(push_to_200 "$app" "$dir" warm)
  floor "$fixture" >/dev/null
  floor_ms=$(floor "$fixture")
  echo "build-bench: $lang ($(basename "$fixture")): cold push to 200 $(seconds "$cold")s, warm $(seconds "$warm")s, floor by hand $(seconds "$floor_ms")s"
  grep -E 'Using cached|restoring|Skipped|Downloaded' "$work/$app-warm.log" | sed 's/^/    warm: /' || true
  summary="$summary $lang=$(seconds "$warm")s(floor $(seconds "$floor_ms")s)"
done
echo "$summary"
