# Packages from the npm registry: version choice (lib/registry.js), download, integrity check,
# and a per-app cache of what was unpacked, so a warm push downloads nothing.
#
# Needs: NPM_REGISTRY, REGISTRY_JS, DIST_CACHE (a directory in CACHE_DIR) and the host's node,
# which runs lib/registry.js only (the app's own node comes from the registry).

NPM_REGISTRY="https://registry.npmjs.org"
# Bounds on what the registry may hand us: documents and tarballs.
PACKUMENT_MAX_BYTES=$((64 * 1024 * 1024))
TARBALL_MAX_BYTES=$((512 * 1024 * 1024))

# registry_tool ARGS...: lib/registry.js on the host's node, whatever the app's config vars say.
registry_tool() {
  env -u NODE_OPTIONS -u NODE_PATH HOST_NPM="$(command -v npm || true)" node "$REGISTRY_JS" "$@"
}

# fetch_packument NAME FILE: the registry's (abbreviated) document of NAME into FILE. When the
# registry cannot be reached, the copy of the last build is used if there is one.
fetch_packument() {
  local name="$1" file="$2" url error
  url="$NPM_REGISTRY/${name/\//%2f}"
  if error="$(curl -fsS --retry 2 --connect-timeout 10 --max-time 120 --max-filesize "$PACKUMENT_MAX_BYTES" \
      -H 'Accept: application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8' \
      -o "$file.tmp" "$url" 2>&1)"; then
    mv "$file.tmp" "$file"
    return 0
  fi
  rm -f "$file.tmp"
  if [ -s "$file" ]; then
    warn "The npm registry did not answer for $name ($error); using the version list of the last build."
    return 0
  fi
  fail "The npm registry ($NPM_REGISTRY) cannot be reached: $error. Node.js and its package managers are downloaded from it; push again when it answers."
}

# A version choice (engines.node -> 22.23.5, npm for that node -> 11.6.2 ...) made by a build of
# this app less than CHOICE_TTL_SECONDS ago is reused without asking the registry again: two
# packument downloads and two runs of lib/registry.js are most of a warm build. A version
# published in the meantime is picked up by the first push after that. Needs CHOICES (a directory
# in CACHE_DIR).
CHOICE_TTL_SECONDS=600

# recent_choice KEY: prints the choice remembered for KEY when it is recent enough; else fails.
recent_choice() {
  local file age
  file="$CHOICES/$(printf '%s' "$1" | sha256sum | cut -c1-32)"
  [ -f "$file" ] && [ ! -L "$file" ] || return 1
  age=$(($(date +%s) - $(stat -c %Y "$file")))
  [ "$age" -ge 0 ] && [ "$age" -lt "$CHOICE_TTL_SECONDS" ] || return 1
  head -c 4096 "$file"
}

# remember_choice KEY VALUE: for the next builds' recent_choice.
remember_choice() {
  local file
  mkdir -p "$CHOICES"
  file="$CHOICES/$(printf '%s' "$1" | sha256sum | cut -c1-32)"
  rm -f "$file"
  printf '%s\n' "$2" >"$file"
}

# check_integrity FILE INTEGRITY: the tarball is what the registry says it is (sha512, or the
# sha1 of old packages).
check_integrity() {
  local file="$1" integrity="$2" actual
  case "$integrity" in
    sha512-*)
      actual="sha512-$(openssl dgst -sha512 -binary "$file" | base64 -w0)"
      ;;
    sha1hex-*)
      actual="sha1hex-$(sha1sum "$file" | cut -d' ' -f1)"
      ;;
    *)
      fail "The npm registry gave no checksum for $file: refusing to install it."
      ;;
  esac
  [ "$actual" = "$integrity" ] || fail "$(basename "$file") does not match its checksum in the npm registry (expected $integrity, got $actual): not installed. Push again; if it persists, the registry or the network between is serving a corrupt file."
}

# cached_package NAME VERSION INTEGRITY TARBALL: prints the cache directory holding the unpacked
# package (its package/ contents), downloading and checking it first unless an earlier build did.
# Sets PACKAGE_FROM_CACHE=true|false.
cached_package() {
  local name="$1" version="$2" integrity="$3" tarball="$4" dir tgz error
  dir="$DIST_CACHE/${name//\//__}/$version"
  if [ -f "$dir/.slipway-complete" ]; then
    PACKAGE_FROM_CACHE=true
    return 0
  fi
  PACKAGE_FROM_CACHE=false
  case "$tarball" in
    "$NPM_REGISTRY"/*) ;;
    *) fail "The npm registry lists $name@$version at $tarball, outside the registry: not downloaded." ;;
  esac
  rm -rf "$dir"
  mkdir -p "$dir"
  tgz="$DIST_CACHE/download.tgz"
  if ! error="$(curl -fsS --retry 2 --connect-timeout 10 --max-time 600 --max-filesize "$TARBALL_MAX_BYTES" \
      -o "$tgz" "$tarball" 2>&1)"; then
    rm -rf "$dir" "$tgz"
    fail "Downloading $name@$version from the npm registry failed: $error. Push again when the registry answers."
  fi
  check_integrity "$tgz" "$integrity"
  tar -xzf "$tgz" -C "$dir" --strip-components=1 --no-same-owner --no-same-permissions --delay-directory-restore \
    || { rm -rf "$dir" "$tgz"; fail "$name@$version from the npm registry is not a readable tarball."; }
  chmod -R u+rwX "$dir"
  rm -f "$tgz"
  touch "$dir/.slipway-complete"
}

# package_dir NAME VERSION: where cached_package put it.
package_dir() {
  printf '%s/%s/%s\n' "$DIST_CACHE" "${1//\//__}" "$2"
}

# keep_only_packages DIR...: drops every cached package version this build did not use.
keep_only_packages() {
  local d keep used
  for d in "$DIST_CACHE"/*/*/; do
    [ -d "$d" ] || continue
    d="${d%/}"
    keep=false
    for used in "$@"; do
      [ "$d" = "$used" ] && keep=true
    done
    [ "$keep" = true ] || rm -rf "$d"
  done
}

# link_bins PREFIX PACKAGE BINS: "name=path,..." as PREFIX/bin/name -> ../lib/node_modules/PACKAGE/path,
# the layout of a global npm install.
link_bins() {
  local prefix="$1" package="$2" bins="$3" entry name target
  mkdir -p "$prefix/bin"
  IFS=',' read -r -a entries <<<"$bins"
  for entry in "${entries[@]}"; do
    name="${entry%%=*}"
    target="${entry#*=}"
    [ -n "$name" ] && [ -n "$target" ] || continue
    chmod +x "$prefix/lib/node_modules/$package/$target" 2>/dev/null || true
    ln -sfn "../lib/node_modules/$package/$target" "$prefix/bin/$name"
  done
}
