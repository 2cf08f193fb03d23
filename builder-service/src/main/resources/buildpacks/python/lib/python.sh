# Python's side of the runtime inventory and of what an app asks for; sourced after slipway.sh.

# app_file BUILD_DIR NAME: true when NAME is a regular file at the top of the app, not a link
# (whatever a link points at outside the app must never be read, nor shown in an error).
app_file() {
  [ -f "$1/$2" ] && [ ! -L "$1/$2" ]
}

# python_runtimes: "version<TAB>interpreter" for Debian's /usr/bin/python3.N and the operator's
# $SLIPWAY_RUNTIMES/python/<version>/bin/python3. PYTHON_HOST_GLOB exists for tests only.
python_runtimes() {
  local exe version
  for exe in ${PYTHON_HOST_GLOB:-/usr/bin/python3.[0-9]*}; do
    [[ "$(basename "$exe")" =~ ^python3\.[0-9]+$ ]] && [ -x "$exe" ] || continue
    version="$("$exe" -I -S -c 'import platform; print(platform.python_version())' 2>/dev/null)" || continue
    printf '%s\t%s\n' "$version" "$exe"
  done
  operator_executables python bin/python3
  return 0
}

# python_version_asked BUILD_DIR: "version<TAB>where" from .python-version (its first line that
# is not a comment) or runtime.txt (python-3.x.y); nothing when the app names none. A value that
# is not a version fails the build.
python_version_asked() {
  local dir="$1" asked="" from=""
  if app_file "$dir" .python-version; then
    from=".python-version"
    asked="$(head -c 4096 "$dir/.python-version" | sed -e 's/#.*//' -e 's/[[:space:]]//g' | grep -m1 . || true)"
  elif app_file "$dir" runtime.txt; then
    from="runtime.txt"
    asked="$(head -c 4096 "$dir/runtime.txt" | tr -d '[:space:]')"
    asked="${asked#python-}"
  else
    return 0
  fi
  if ! [[ "$asked" =~ ^[0-9]+\.[0-9]+(\.[0-9]+)?$ ]]; then
    fail "$from does not name a Python version: '${asked:0:40}'. Write one like 3.11 (or 3.11.2) and push again."
  fi
  printf '%s\t%s\n' "$asked" "$from"
}

# python_package_manager BUILD_DIR: the file the dependencies come from (uv.lock, poetry.lock,
# Pipfile.lock, requirements.txt, in that order); nothing when there is none.
python_package_manager() {
  local file
  for file in uv.lock poetry.lock Pipfile.lock requirements.txt; do
    if app_file "$1" "$file"; then
      echo "$file"
      return 0
    fi
  done
}
