#!/usr/bin/env bash
# docker-compose.yml for real: builds the images (Debian stand-ins for the upstream base images when
# those cannot be pulled), `up -d`, waits for health, then does what a user does: creates an app,
# pushes a Node.js app until its first 200, sets a config var, scales web to 2 and sees both dynos
# answer, attaches a Heroku Postgres add-on that a dyno reaches, pushes again, restarts the stack
# with `down` and `up` and finds the app (and its add-on) still serving, then `down -v`. Prints:
#
#   compose-e2e: images-s=N up-s=N push-to-200-s=N restart-s=N ok
#
# Needs the modules packaged (./mvnw package or verify), root, and a Docker engine: the one that
# answers (DOCKER_HOST as usual), or else one it starts itself with its own data root
# (SLIPWAY_E2E_DOCKER_ROOT, default /var/lib/slipway-docker, kept between runs: it caches the
# stand-in images and the build layers) and stops at the end.
set -eo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"

export COMPOSE_PROJECT_NAME=${SLIPWAY_E2E_PROJECT:-slipway-e2e}
export SLIPWAY_HTTP_PORT=${SLIPWAY_E2E_HTTP_PORT:-18080}
DOCKER_ROOT=${SLIPWAY_E2E_DOCKER_ROOT:-/var/lib/slipway-docker}
APP=compose-e2e
BASE_URL="http://localhost:$SLIPWAY_HTTP_PORT"
APP_URL="http://$APP.localhost:$SLIPWAY_HTTP_PORT/"
WORK=$(mktemp -d /tmp/slipway-compose-e2e.XXXXXX)
STARTED_DOCKERD=""
COMPOSE=()
KEY=""

log() { echo "compose-e2e: $*" >&2; }
fail() { log "FAILED: $*"; exit 1; }
now() { date +%s; }

# --- the engine -----------------------------------------------------------------------------------

start_dockerd() {
  if docker info >/dev/null 2>&1; then
    log "using the running Docker engine"
    return 0
  fi
  [ "$(id -u)" = 0 ] || fail "no Docker engine answers, and starting one needs root"
  command -v dockerd >/dev/null || fail "no Docker engine answers and dockerd is missing (apt-get install docker.io)"
  mkdir -p "$DOCKER_ROOT/data" /run/slipway-e2e-docker
  export DOCKER_HOST=unix:///run/slipway-e2e-docker.sock
  log "starting dockerd (data root $DOCKER_ROOT/data, $DOCKER_HOST)"
  dockerd --data-root "$DOCKER_ROOT/data" --exec-root /run/slipway-e2e-docker \
    --pidfile /run/slipway-e2e-docker.pid --host "$DOCKER_HOST" \
    > "$DOCKER_ROOT/dockerd.log" 2>&1 &
  STARTED_DOCKERD=$!
  local i
  for i in $(seq 1 60); do
    docker info >/dev/null 2>&1 && return 0
    kill -0 "$STARTED_DOCKERD" 2>/dev/null || { tail -20 "$DOCKER_ROOT/dockerd.log" >&2; fail "dockerd exited"; }
    sleep 1
  done
  fail "dockerd did not answer within 60 s"
}

stop_dockerd() {
  [ -n "$STARTED_DOCKERD" ] || return 0
  log "stopping the dockerd it started"
  kill "$STARTED_DOCKERD" 2>/dev/null || true
  local i
  for i in $(seq 1 30); do
    kill -0 "$STARTED_DOCKERD" 2>/dev/null || return 0
    sleep 1
  done
  kill -9 "$STARTED_DOCKERD" 2>/dev/null || true
}

pick_compose() {
  if docker compose version >/dev/null 2>&1; then
    COMPOSE=(docker compose)
  elif command -v docker-compose >/dev/null; then
    COMPOSE=(docker-compose)
  else
    fail "neither docker compose (v2) nor docker-compose is installed"
  fi
  log "compose: ${COMPOSE[*]} ($("${COMPOSE[@]}" version --short 2>/dev/null || true))"
}

compose() { "${COMPOSE[@]}" "$@"; }

on_exit() {
  local status=$?
  if [ "$status" != 0 ] && [ ${#COMPOSE[@]} -gt 0 ]; then
    compose ps >&2 || true
    compose logs --no-color --tail=60 >&2 || true
  fi
  if [ ${#COMPOSE[@]} -gt 0 ]; then
    compose down -v --remove-orphans >/dev/null 2>&1 || true
  fi
  stop_dockerd
  rm -rf "$WORK"
  exit "$status"
}
trap on_exit EXIT

# --- images ---------------------------------------------------------------------------------------

# The upstream base images, or the stand-ins when one of them can be neither found nor pulled.
base_images() {
  local image missing=false
  for image in "${SLIPWAY_JRE_IMAGE:-eclipse-temurin:21-jre}" "${SLIPWAY_POSTGRES_IMAGE:-postgres:17}" \
      "${SLIPWAY_KAFKA_IMAGE:-apache/kafka:4.1.1}"; do
    docker image inspect "$image" >/dev/null 2>&1 && continue
    if ! timeout 60 docker pull -q "$image" >/dev/null 2>&1; then
      log "cannot pull $image: building the Debian stand-ins (docker/stand-ins.sh)"
      missing=true
      break
    fi
  done
  if [ "$missing" = true ]; then
    local variables line
    variables=$(bash docker/stand-ins.sh) || fail "the stand-in images could not be built"
    while IFS= read -r line; do
      [[ $line =~ ^SLIPWAY_[A-Z]+_IMAGE=[a-z0-9./:_-]+$ ]] || fail "stand-ins.sh printed: $line"
      export "${line?}"
    done <<<"$variables"
  fi
}

build_images() {
  local module
  for module in config-service git-gateway builder-service release-service dyno-manager router addon-service; do
    [ -f "$module/target/quarkus-app/quarkus-run.jar" ] \
      || fail "$module/target/quarkus-app is missing: run ./mvnw package -DskipTests first"
  done
  base_images
  compose build -q
}

# --- waiting --------------------------------------------------------------------------------------

# await SECONDS WHAT COMMAND...: runs COMMAND every second until it succeeds.
await() {
  local limit=$1 what=$2 deadline
  shift 2
  deadline=$(($(now) + limit))
  until "$@" >/dev/null 2>&1; do
    [ "$(now)" -lt "$deadline" ] || fail "$what: not within $limit s"
    sleep 1
  done
}

all_healthy() {
  local id state
  local services=(config-service git-gateway builder-service release-service dyno-manager router addon-service)
  for id in $(compose ps -q "${services[@]}"); do
    state=$(docker inspect -f '{{.State.Health.Status}}' "$id")
    [ "$state" = healthy ] || return 1
  done
  [ "$(compose ps -q "${services[@]}" | wc -l)" = "${#services[@]}" ]
}

api() {
  local method=$1 path=$2 body=${3:-}
  curl -fsS -X "$method" "$BASE_URL$path" \
    -H "Authorization: Bearer $KEY" \
    -H 'Accept: application/vnd.heroku+json; version=3' \
    -H 'Content-Type: application/json' \
    ${body:+--data "$body"}
}

app_says() {
  curl -fsS --max-time 5 "$APP_URL" | grep -qF "$1"
}

# both web dynos answer: each response names its dyno
both_dynos_answer() {
  local i seen=""
  for i in $(seq 1 20); do
    seen+=$(curl -fsS --max-time 5 "$APP_URL" | grep -oE 'dyno=web\.[0-9]+' || true)
    seen+=" "
  done
  [[ $seen == *dyno=web.1* ]] && [[ $seen == *dyno=web.2* ]]
}

# A dyno's network namespace reaches none of the platform's parts (the outside it reaches: the
# build downloaded Node.js from inside the same kind of sandbox).
dyno_isolated() {
  compose exec -T dyno-manager bash -s <<'SH'
set -eo pipefail
ns=$(ip netns list | awk 'NR == 1 { print $1 }')
[ -n "$ns" ] || { echo "no dyno network namespace in dyno-manager" >&2; exit 1; }
# the probe itself works: the dyno's own server, from inside its namespace
ip netns exec "$ns" timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/5000' \
  || { echo "the probe cannot reach the dyno's own port 5000" >&2; exit 1; }
for target in postgres/5432 kafka/9092 config-service/8081 dyno-manager/8081 router/8081; do
  address=$(getent hosts "${target%/*}" | awk '{ print $1 }')
  [ -n "$address" ] || { echo "${target%/*} does not resolve" >&2; exit 1; }
  if ip netns exec "$ns" timeout 3 bash -c "exec 3<>/dev/tcp/$address/${target#*/}" 2>/dev/null; then
    echo "a dyno reaches ${target%/*} ($address) on port ${target#*/}" >&2
    exit 1
  fi
done
SH
}

# The app's Heroku Postgres add-on: listed, its DATABASE_URL set, and its database reachable from a
# dyno's network namespace (the one address of the compose network that is).
addon_serves() {
  api GET "/apps/$APP/addons" | grep -q '"heroku-postgresql' || return 1
  local url host
  url=$(api GET "/apps/$APP/config-vars" | grep -oE '"DATABASE_URL": *"postgres://[^"]+"' | grep -oE 'postgres://[^"]+') || return 1
  host=$(sed -E 's#^postgres://[^@]+@([^:/]+):5432/.*#\1#' <<<"$url")
  [[ $host =~ ^[0-9.]+$ ]] || return 1
  compose exec -T dyno-manager bash -s "$host" <<'SH'
set -eo pipefail
ns=$(ip netns list | awk 'NR == 1 { print $1 }')
[ -n "$ns" ] && ip netns exec "$ns" timeout 3 bash -c "exec 3<>/dev/tcp/$1/5432"
SH
}

up() {
  compose up -d
  await 600 "every service healthy" all_healthy
  KEY=$(compose exec -T config-service cat /run/slipway-secrets/config-service/SLIPWAY_ADMIN_API_KEY)
  [ -n "$KEY" ] || fail "no admin API key in the secrets volume"
  await 120 "the API answering through the router" api GET /account
}

# --- the app --------------------------------------------------------------------------------------

write_app() {
  local version=$1
  cat > "$WORK/app/package.json" <<'JSON'
{
  "name": "compose-e2e",
  "version": "1.0.0",
  "private": true,
  "engines": { "node": "22.x" },
  "scripts": { "start": "node server.js" }
}
JSON
  cat > "$WORK/app/server.js" <<JS
const http = require("http");
http.createServer((req, res) => {
  res.end("compose-e2e $version greeting=" + (process.env.GREETING || "none") + " dyno=" + process.env.DYNO + "\n");
}).listen(process.env.PORT);
JS
  echo 'web: node server.js' > "$WORK/app/Procfile"
}

# push: git push until the platform accepts it (right after the app is made, git-gateway may not
# know it yet); a rejected push is shown and fails the run after 120 s.
push() {
  local git_url="http://user:$KEY@localhost:$SLIPWAY_HTTP_PORT/$APP.git" deadline output
  deadline=$(($(now) + 120))
  until output=$(GIT_TERMINAL_PROMPT=0 git -C "$WORK/app" push "$git_url" main 2>&1); do
    if [ "$(now)" -ge "$deadline" ]; then
      printf '%s\n' "$output" | tail -40 >&2
      fail "git push was rejected"
    fi
    sleep 2
  done
  printf '%s\n' "$output" | grep -E 'remote: (-----> |       Released|.*https?://)' >&2 || true
}

commit() {
  git -C "$WORK/app" add -A
  git -C "$WORK/app" -c user.name=e2e -c user.email=e2e@localhost commit -q -m "$1"
}

# --- the run --------------------------------------------------------------------------------------

# the host's own added CAs (a proxy that re-signs TLS): builds download through the same network
if [ -z "${SLIPWAY_EXTRA_CA_CERTS:-}" ] && compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
  export SLIPWAY_EXTRA_CA_CERTS=/usr/local/share/ca-certificates
fi

start_dockerd
pick_compose
compose down -v --remove-orphans >/dev/null 2>&1 || true

t=$(now)
build_images
images_s=$(($(now) - t))
log "images built in $images_s s"

t=$(now)
up
up_s=$(($(now) - t))
log "up and healthy in $up_s s"

api POST /apps "{\"name\": \"$APP\"}" >/dev/null
mkdir -p "$WORK/app"
git init -q -b main "$WORK/app"
write_app v1
commit v1
t=$(now)
push
await 300 "the first 200 of v1" app_says "compose-e2e v1"
push_s=$(($(now) - t))
log "pushed v1 and got its 200 in $push_s s"

api PATCH "/apps/$APP/config-vars" '{"GREETING": "hello-from-config"}' >/dev/null
await 180 "the config var in the app" app_says "greeting=hello-from-config"
log "config var served"

api PATCH "/apps/$APP/formation/web" '{"quantity": 2}' >/dev/null
await 180 "web.1 and web.2 both answering" both_dynos_answer
log "web=2: both dynos answer"
dyno_isolated || fail "a dyno reaches a part of the platform"
log "a dyno reaches neither PostgreSQL, Kafka nor a service port"

api POST "/apps/$APP/addons" '{"plan": "heroku-postgresql:essential-0"}' >/dev/null
await 180 "the add-on's database from a dyno" addon_serves
log "heroku-postgresql attached: DATABASE_URL set, its database reachable from a dyno"

write_app v2
commit v2
push
await 300 "v2 served" app_says "compose-e2e v2 greeting=hello-from-config"
log "pushed v2"

t=$(now)
compose down
compose up -d
await 600 "every service healthy after down and up" all_healthy
await 300 "the app serving v2 after down and up" app_says "compose-e2e v2 greeting=hello-from-config"
restart_s=$(($(now) - t))
log "down and up: the app serves v2 again after $restart_s s"
await 120 "both dynos again after down and up" both_dynos_answer
await 120 "the add-on after down and up" addon_serves

compose down -v
left=$(docker volume ls -q --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME")
[ -z "$left" ] || fail "down -v left volumes: $left"
# the layers earlier runs' images no longer use (the stand-ins and today's images stay as the cache)
docker image prune -f >/dev/null

echo "compose-e2e: images-s=$images_s up-s=$up_s push-to-200-s=$push_s restart-s=$restart_s ok"
