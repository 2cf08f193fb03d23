# .profile.d/python.sh, written by the python buildpack: sourced by every dyno before its command.
export PATH="$HOME/.heroku/python/bin:$PATH"
export PYTHONUNBUFFERED=true
export LANG="${LANG:-C.UTF-8}"
# gunicorn trusts the router's X-Forwarded-* headers, as on Heroku.
export FORWARDED_ALLOW_IPS="${FORWARDED_ALLOW_IPS:-*}"
# Heroku's gunicorn/uvicorn worker count by dyno size: 2 on 512 MB, 4 on 1 GB, and on bigger
# dynos two per CPU plus one. An app's own WEB_CONCURRENCY wins.
if [ -z "$WEB_CONCURRENCY" ]; then
  memory_mb="${SLIPWAY_DYNO_MEMORY_MB:-512}"
  if [ "$memory_mb" -le 512 ] 2>/dev/null; then
    export WEB_CONCURRENCY=2
  elif [ "$memory_mb" -le 1024 ] 2>/dev/null; then
    export WEB_CONCURRENCY=4
  else
    export WEB_CONCURRENCY=$(( $(nproc 2>/dev/null || echo 1) * 2 + 1 ))
  fi
  unset memory_mb
fi
