# The shell library every built-in buildpack sources ("$BP_DIR/lib/slipway.sh"): Heroku-style
# output, the app's config vars, and the inventory of runtimes that this host offers.
#
# Runtimes: where no registry that the platform reaches serves a runtime (JDKs, Python, Go, Ruby,
# PHP), a buildpack takes it from the host: what the operator installed from Debian (under /usr)
# and what the operator unpacked into $SLIPWAY_RUNTIMES/<language>/<version>/ (default
# /usr/local/lib/slipway/runtimes). Both are under /usr, which every build and every dyno sees
# read-only, so a runtime picked here runs the same at build time and at run time.

SLIPWAY_RUNTIMES="${SLIPWAY_RUNTIMES:-/usr/local/lib/slipway/runtimes}"

step() { echo "-----> $*"; }
info() { echo "       $*"; }
warn() { echo " !     $*"; }
fail() { echo " !     $*"; exit 1; }
# indent: a command's output under a step, blank lines dropped, line by line as it comes.
indent() { sed -u -e '/^[[:space:]]*$/d' -e 's/^/       /'; }

# export_env_dir ENV_DIR: config vars are visible to the build, as on Heroku, but never the ones
# that would change how the build's own tools load (PATH, LD_PRELOAD and the like) nor the
# platform's own SLIPWAY_* settings (the runtimes folder, say).
export_env_dir() {
  local env_dir="$1" f name
  [ -d "$env_dir" ] || return 0
  for f in "$env_dir"/*; do
    [ -f "$f" ] || continue
    name="$(basename "$f")"
    case "$name" in
      PATH|GIT_DIR|CPATH|CPPATH|LD_PRELOAD|LD_LIBRARY_PATH|LIBRARY_PATH|JAVA_HOME|BASH_ENV|ENV|SLIPWAY_*) continue ;;
    esac
    if [[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
      export "$name=$(cat "$f")"
    fi
  done
}

# operator_runtimes LANGUAGE: "version<TAB>dir" for each $SLIPWAY_RUNTIMES/LANGUAGE/<version>/.
operator_runtimes() {
  local d
  for d in "$SLIPWAY_RUNTIMES/$1"/*/; do
    [ -d "$d" ] || continue
    d="${d%/}"
    printf '%s\t%s\n' "$(basename "$d")" "$d"
  done
}

# operator_executables LANGUAGE PATH: "version<TAB>dir/PATH" for each operator runtime of
# LANGUAGE whose PATH (bin/ruby, say) is executable.
operator_executables() {
  local version dir
  operator_runtimes "$1" | while IFS=$'\t' read -r version dir; do
    if [ -x "$dir/$2" ]; then printf '%s\t%s\n' "$version" "$dir/$2"; fi
  done
}

# best_version ASKED: reads "version<TAB>anything" lines on stdin and prints the line of the
# highest version that ASKED names. ASKED is a version or a prefix of one ("17", "3.12",
# "1.22.4"); a leading "v", "=", "~>" or ">=" and a trailing ".x" or ".*" are ignored; ">=" takes
# any version at least that high; empty takes the highest of all. Prints nothing when none match.
best_version() {
  local asked="$1" at_least=false line version
  asked="${asked//[[:space:]]/}"
  case "$asked" in
    ">="*) at_least=true; asked="${asked#>=}" ;;
    "~>"*) asked="${asked#~>}" ;;
    "="*) asked="${asked#=}" ;;
  esac
  asked="${asked#v}"
  asked="${asked%.x}"
  asked="${asked%.\*}"
  sort -t $'\t' -k1,1 -V -r | while IFS= read -r line; do
    version="${line%%$'\t'*}"
    if [ -z "$asked" ] || [ "$version" = "$asked" ] || [[ "$version" == "$asked".* ]]; then
      printf '%s\n' "$line"
      break
    fi
    if [ "$at_least" = true ] && [ "$(printf '%s\n%s\n' "$asked" "$version" | sort -V | head -n1)" = "$asked" ]; then
      printf '%s\n' "$line"
      break
    fi
  done
}

# no_runtime LANGUAGE ASKED AVAILABLE: fails the build with what was asked and what there is.
no_runtime() {
  local language="$1" asked="$2" available="$3"
  warn "$language $asked is not available on this platform."
  if [ -n "$available" ]; then
    warn "Available: $(printf '%s' "$available" | cut -f1 | sort -V | paste -sd ' ' | sed 's/ /, /g')"
  else
    warn "No $language runtime is installed on this platform."
  fi
  fail "Ask for one of those, or ask the operator to install $language $asked (from Debian, or under $SLIPWAY_RUNTIMES/$(printf '%s' "$language" | tr 'A-Z' 'a-z')/)."
}
