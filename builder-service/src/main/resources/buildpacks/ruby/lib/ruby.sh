# What the Ruby buildpack reads from the app and the host, shared by bin/compile and bin/release.
# Sourced after lib/slipway.sh; every function works in the current directory (the app).

# ruby_version_asked: the Ruby the app pins: Gemfile.lock's "RUBY VERSION" (patch level dropped),
# else the Gemfile's `ruby "x"`; empty when it pins none. Returns 1 on text that is not a version.
ruby_version_asked() {
  local asked=""
  if [ -f Gemfile.lock ]; then
    asked="$(head -c 1000000 Gemfile.lock | awk '/^RUBY VERSION/ { getline; print $2; exit }')"
    asked="${asked%%p*}"
  fi
  if [ -z "$asked" ]; then
    asked="$(head -c 100000 Gemfile | sed -n -E "s/^[[:space:]]*ruby[[:space:]]+[\"']([^\"']*)[\"'].*/\1/p" | head -n1)"
  fi
  asked="$(printf '%s' "$asked" | tr -d '[:space:]')"
  printf '%s' "$asked"
  [[ "$asked" =~ ^[0-9A-Za-z.~\>=]{0,32}$ ]]
}

# ruby_runtimes: "version<TAB>ruby binary" for Debian's /usr/bin/rubyX.Y and each operator runtime
# $SLIPWAY_RUNTIMES/ruby/<version>/bin/ruby.
ruby_runtimes() {
  local ruby version dir
  for ruby in /usr/bin/ruby[0-9]*; do
    [ -x "$ruby" ] || continue
    version="$("$ruby" -e 'print RUBY_VERSION' 2>/dev/null)" || continue
    printf '%s\t%s\n' "$version" "$ruby"
  done
  operator_executables ruby bin/ruby
  return 0
}

# locked_gem NAME: whether Gemfile.lock locks gem NAME (a spec line "    NAME (version)").
locked_gem() {
  [ -f Gemfile.lock ] && head -c 1000000 Gemfile.lock | grep -qE "^    $1 \("
}
