#!/usr/bin/env bash
# How long after `DELETE /oauth/authorizations/{id}` answers do other services refuse the key?
# Against a running platform: makes a key, checks that release-service (GET /apps/{app}/releases)
# and git-gateway (git's info/refs) accept it, revokes it, then polls both until each says 401
# and prints the milliseconds from the DELETE's answer. Usage:
#   config-service/scripts/revocation-latency.sh [rounds]    (SLIPWAY_HTTP_PORT, default 8080)
set -euo pipefail
port=${SLIPWAY_HTTP_PORT:-8080}
api=http://localhost:$port
home=${SLIPWAY_HOME:-$(dirname "$0")/../../.slipway}
admin=$(cat "$home/api-key")
rounds=${1:-5}
json=(-H 'Accept: application/vnd.heroku+json; version=3' -H 'Content-Type: application/json')

app=revoke-probe-$RANDOM
curl -sf "${json[@]}" -H "Authorization: Bearer $admin" -X POST "$api/apps" -d "{\"name\":\"$app\"}" >/dev/null
trap 'curl -s "${json[@]}" -H "Authorization: Bearer $admin" -X DELETE "$api/apps/$app" >/dev/null' EXIT
sleep 1

now_ms() { date +%s%3N; }
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
releases() { status "${json[@]}" -H "Authorization: Bearer $1" "$api/apps/$app/releases"; }
git_refs() { status -u "x:$1" "$api/$app.git/info/refs?service=git-upload-pack"; }

for round in $(seq 1 "$rounds"); do
  created=$(curl -sf "${json[@]}" -H "Authorization: Bearer $admin" -X POST "$api/oauth/authorizations" \
              -d '{"description":"revocation probe"}')
  id=$(sed -E 's/.*"id":"([^"]+)","refresh_token".*/\1/' <<<"$created")
  key=$(sed -E 's/.*"token":"([^"]+)".*/\1/' <<<"$created")
  until [ "$(releases "$key")" = 200 ] && [ "$(git_refs "$key")" = 200 ]; do sleep 0.05; done
  curl -sf "${json[@]}" -H "Authorization: Bearer $admin" -X DELETE "$api/oauth/authorizations/$id" >/dev/null
  answered=$(now_ms)
  release_ms='' git_ms=''
  while [ -z "$release_ms" ] || [ -z "$git_ms" ]; do
    [ -z "$release_ms" ] && [ "$(releases "$key")" = 401 ] && release_ms=$(( $(now_ms) - answered ))
    [ -z "$git_ms" ] && [ "$(git_refs "$key")" = 401 ] && git_ms=$(( $(now_ms) - answered ))
    [ $(( $(now_ms) - answered )) -gt 10000 ] && { echo "round $round: still accepted after 10 s" >&2; exit 1; }
  done
  echo "round $round: release-service refuses after ${release_ms} ms, git-gateway after ${git_ms} ms"
done
