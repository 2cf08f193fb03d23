# Gradle, as Heroku's Gradle buildpack runs it: the app's ./gradlew first. Its wrapper downloads
# Gradle from services.gradle.org, which this platform cannot reach: unless that distribution is
# already in the app's cache, the build falls back to the host's Gradle and says so.

# gradle_wrapper_usable BUILD_DIR GRADLE_USER_HOME: ./gradlew with a distribution that is in the
# cache or can be downloaded.
gradle_wrapper_usable() {
  local build_dir="$1" user_home="$2" url dist
  [ -f "$build_dir/gradlew" ] && [ ! -L "$build_dir/gradlew" ] || return 1
  [ -f "$build_dir/gradle/wrapper/gradle-wrapper.jar" ] || return 1
  url="$(gradle_distribution_url "$build_dir")"
  [[ "$url" =~ ^https://[A-Za-z0-9./_:-]+\.zip$ ]] || return 1
  dist="$(basename "$url" .zip)"
  if compgen -G "$user_home/wrapper/dists/$dist/*/$dist.ok" > /dev/null; then
    return 0
  fi
  curl -fsSI --connect-timeout 5 --max-time 10 -o /dev/null "$url" 2>/dev/null
}

# gradle_distribution_url BUILD_DIR: distributionUrl of gradle/wrapper/gradle-wrapper.properties.
gradle_distribution_url() {
  local file="$1/gradle/wrapper/gradle-wrapper.properties"
  [ -f "$file" ] && [ ! -L "$file" ] || return 0
  head -c 65536 "$file" | tr -d '\r' | sed -n 's/^distributionUrl=//p' | tail -n1 | sed 's/\\:/:/g'
}

# gradle_has_stage_task BUILD_DIR: the build script defines a task named stage.
gradle_has_stage_task() {
  local f
  for f in "$1/build.gradle" "$1/build.gradle.kts"; do
    [ -f "$f" ] && [ ! -L "$f" ] || continue
    if head -c 1048576 "$f" | grep -Eq "(task[[:space:]]*\(?[[:space:]]*[\"']?stage\b|register[[:space:]]*(<[^>]*>)?\([[:space:]]*[\"']stage[\"'])"; then
      return 0
    fi
  done
  return 1
}

# gradle_build BUILD_DIR CACHE_DIR: GRADLE_TASK (a config var), else "stage" when the build
# defines it, else "build -x test".
gradle_build() {
  local build_dir="$1" cache_dir="$2" gradle tasks
  export GRADLE_USER_HOME="$cache_dir/.gradle"
  mkdir -p "$GRADLE_USER_HOME"
  step "Installing Gradle"
  if gradle_wrapper_usable "$build_dir" "$GRADLE_USER_HOME"; then
    info "Using the Gradle wrapper (./gradlew) of the app"
    chmod +x "$build_dir/gradlew"
    gradle="$build_dir/gradlew"
  else
    gradle="$(command -v gradle || true)"
    [ -n "$gradle" ] || fail "No Gradle: ./gradlew cannot download its distribution from here and this platform has no Gradle installed"
    if [ -f "$build_dir/gradlew" ]; then
      info "./gradlew cannot download $(gradle_distribution_url "$build_dir" | head -c 200) from this platform:"
      info "using this platform's Gradle instead"
    fi
    info "$("$gradle" --version 2>/dev/null | sed -n 's/^Gradle /Gradle /p' | head -n1) (this platform's)"
  fi
  if [ -n "$GRADLE_TASK" ]; then
    read -r -a tasks <<< "$GRADLE_TASK"
  elif gradle_has_stage_task "$build_dir"; then
    tasks=(stage)
  else
    tasks=(build -x test)
  fi

  step "Building Gradle app"
  info "\$ gradle ${tasks[*]}"
  if ! "$gradle" --no-daemon --console=plain "${tasks[@]}" 2>&1 | indent; then
    fail "Failed to build app with Gradle: gradle ${tasks[*]} exited with an error (see above)"
  fi
  rm -rf "$build_dir/.gradle"
}
