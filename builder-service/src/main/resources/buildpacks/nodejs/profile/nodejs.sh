# Sourced at dyno start: the node of the slug first, and Heroku's WEB_CONCURRENCY rule (one
# process per WEB_MEMORY MB, default 512, of the dyno's memory; at least 1, at most 32).
export PATH="$HOME/.heroku/node/bin:$HOME/bin:$HOME/node_modules/.bin:$PATH"
export NODE_HOME="$HOME/.heroku/node"
export NODE_ENV="${NODE_ENV:-production}"

MEMORY_AVAILABLE="${MEMORY_AVAILABLE:-${SLIPWAY_DYNO_MEMORY_MB:-512}}"
WEB_MEMORY="${WEB_MEMORY:-512}"
case "$MEMORY_AVAILABLE$WEB_MEMORY" in
  *[!0-9]*) MEMORY_AVAILABLE=512 WEB_MEMORY=512 ;;
esac
[ "$WEB_MEMORY" -gt 0 ] || WEB_MEMORY=512
if [ -z "$WEB_CONCURRENCY" ]; then
  WEB_CONCURRENCY=$((MEMORY_AVAILABLE / WEB_MEMORY))
  [ "$WEB_CONCURRENCY" -ge 1 ] || WEB_CONCURRENCY=1
  [ "$WEB_CONCURRENCY" -le 32 ] || WEB_CONCURRENCY=32
fi
export MEMORY_AVAILABLE WEB_MEMORY WEB_CONCURRENCY
