# What the PHP buildpack reads from the app and the host. Sourced after lib/slipway.sh.

# php_runtimes: "version<TAB>php binary" for Debian's /usr/bin/phpX.Y and each operator runtime
# $SLIPWAY_RUNTIMES/php/<version>/bin/php.
php_runtimes() {
  local php version dir
  for php in /usr/bin/php[0-9]*.[0-9]*; do
    [ -x "$php" ] || continue
    [[ "$(basename "$php")" =~ ^php[0-9]+\.[0-9]+$ ]] || continue
    version="$("$php" -n -r 'echo PHP_VERSION;' 2>/dev/null)" || continue
    printf '%s\t%s\n' "$version" "$php"
  done
  operator_executables php bin/php
  return 0
}

# php_constraint: composer.json's require.php, empty when it has none. Returns 1 on a
# composer.json that is not JSON (or over 1 MB), 2 on a constraint over 100 characters.
php_constraint() {
  [ -f composer.json ] || return 0
  local constraint
  [ "$(stat -c %s composer.json)" -le 1000000 ] || return 1
  constraint="$(jq -r 'if (.require | type) == "object" then (.require.php // "") else "" end | tostring' composer.json 2>/dev/null)" || return 1
  [ "${#constraint}" -le 100 ] || return 2
  printf '%s' "$constraint"
}

# pick_php CONSTRAINT RUNTIMES: the RUNTIMES line ("version<TAB>binary") of the highest version
# that satisfies the composer constraint; nothing when none does. Returns 2 when composer cannot
# parse the constraint.
pick_php() {
  local constraint="$1" runtimes="$2" checker version
  [ -n "$runtimes" ] || return 0
  if [ -z "$constraint" ]; then
    printf '%s\n' "$runtimes" | sort -t $'\t' -k1,1 -V -r | head -n1
    return 0
  fi
  checker="$(printf '%s\n' "$runtimes" | head -n1 | cut -f2)"
  # shellcheck disable=SC2046
  version="$("$checker" -n "$BP_DIR/lib/pick_php.php" "$constraint" $(printf '%s\n' "$runtimes" | cut -f1) 2>/dev/null)" || return 2
  [ -n "$version" ] || return 0
  printf '%s\n' "$runtimes" | awk -F '\t' -v v="$version" '$1 == v { print; exit }'
}
