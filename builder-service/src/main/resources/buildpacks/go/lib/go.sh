# Go's side of the runtime inventory and of what go.mod asks for; sourced after slipway.sh.

# go_runtimes: "version<TAB>GOROOT" for Debian's /usr/lib/go-1.N and the operator's
# $SLIPWAY_RUNTIMES/go/<version>/. GO_HOST_GLOB exists for tests only.
go_runtimes() {
  local root version
  for root in ${GO_HOST_GLOB:-/usr/lib/go-1.*}; do
    [ -x "$root/bin/go" ] && [ -f "$root/VERSION" ] || continue
    version="$(head -n1 "$root/VERSION")"
    [[ "$version" =~ ^go([0-9]+\.[0-9]+(\.[0-9]+)?)$ ]] || continue
    printf '%s\t%s\n' "${BASH_REMATCH[1]}" "$root"
  done
  operator_runtimes go | while IFS=$'\t' read -r version root; do
    [ -x "$root/bin/go" ] && printf '%s\t%s\n' "$version" "$root"
  done
  return 0
}

# go_mod_value GO_MOD KEYWORD: the first argument of the first line that starts with KEYWORD
# ("module", "go", "// +heroku goVersion", "// +heroku install" print the rest of the line).
go_mod_value() {
  head -c 1048576 "$1" | tr -d '\r' | awk -v key="$2" '
    index($0, key) == 1 { rest = substr($0, length(key) + 1); if (rest ~ /^[ \t]/) { sub(/^[ \t]+/, "", rest); sub(/[ \t]+$/, "", rest); print rest; exit } }'
}

# go_version_asked GO_MOD: "version<TAB>exact|minimum<TAB>where". A "// +heroku goVersion go1.N"
# pin is exact (Heroku's); the go directive is the minimum the module needs (Go's own rule since
# 1.21), so its minor version is taken when installed, else the newest installed above it.
go_version_asked() {
  local pin directive
  pin="$(go_mod_value "$1" "// +heroku goVersion")"
  if [ -n "$pin" ]; then
    [[ "$pin" =~ ^go([0-9]+\.[0-9]+(\.[0-9]+)?)$ ]] \
      || fail "go.mod: '// +heroku goVersion ${pin:0:40}' does not name a Go version. Write one like go1.23 and push again."
    printf '%s\texact\t// +heroku goVersion\n' "${BASH_REMATCH[1]}"
    return 0
  fi
  directive="$(go_mod_value "$1" go)"
  [ -n "$directive" ] || return 0
  [[ "$directive" =~ ^([0-9]+\.[0-9]+)(\.[0-9]+|rc[0-9]+)?$ ]] \
    || fail "go.mod: 'go ${directive:0:40}' is not a Go version. Write one like go 1.23 and push again."
  printf '%s\tminimum\tthe go directive of go.mod\n' "${BASH_REMATCH[1]}"
}

# go_pick ASKED KIND: reads the inventory on stdin and prints the line of the Go to use.
go_pick() {
  local asked="$1" kind="$2" available picked
  available="$(cat)"
  picked="$(printf '%s\n' "$available" | best_version "$asked")"
  if [ -z "$picked" ] && [ "$kind" = minimum ]; then
    picked="$(printf '%s\n' "$available" | best_version ">=$asked")"
  fi
  printf '%s' "$picked"
}

# go_command_name GO_MOD: the name go install gives the module's main package, its path's last
# element (example.com/hello/v2 builds "hello"); nothing when go.mod names no valid module.
go_command_name() {
  local module name
  module="$(go_mod_value "$1" module | tr -d '"`')"
  [[ "$module" =~ ^[A-Za-z0-9._~/+-]+$ ]] || return 0
  name="${module##*/}"
  if [[ "$name" =~ ^v[0-9]+$ ]] && [[ "$module" == */* ]]; then
    name="${module%/*}"
    name="${name##*/}"
  fi
  printf '%s\n' "$name"
}
