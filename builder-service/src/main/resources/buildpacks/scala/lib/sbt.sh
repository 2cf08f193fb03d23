# sbt, as Heroku's Scala buildpack runs it, from Maven Central only: the sbt launcher jar of the
# version that project/build.properties names, which then fetches that sbt, Scala and the build's
# plugins and dependencies from Maven Central too. Everything sbt downloads stays in the app's
# cache, so a push whose build did not change downloads nothing.

SBT_DEFAULT_VERSION="1.11.7"

# sbt_version_asked BUILD_DIR: sbt.version of project/build.properties, or the default.
sbt_version_asked() {
  local file="$1/project/build.properties" asked=""
  if [ -f "$file" ] && [ ! -L "$file" ]; then
    asked="$(head -c 65536 "$file" | tr -d '\r' | sed -n 's/^[[:space:]]*sbt\.version[[:space:]]*[=:][[:space:]]*//p' | tail -n1)"
    asked="${asked%"${asked##*[![:space:]]}"}"
  fi
  printf '%s' "${asked:-$SBT_DEFAULT_VERSION}"
}

# install_sbt_launcher VERSION CACHE_DIR: sbt-launch VERSION from Maven Central into the cache
# (once); sets SBT_LAUNCHER to the jar.
install_sbt_launcher() {
  local version="$1" cache_dir="$2" jar
  jar="$cache_dir/sbt/launchers/sbt-launch-$version.jar"
  if [ ! -f "$jar" ]; then
    info "Downloading the sbt $version launcher from Maven Central"
    mkdir -p "$cache_dir/sbt/launchers"
    fetch_from_central "org/scala-sbt/sbt-launch/$version/sbt-launch-$version.jar" "$jar" \
      || fail "sbt $version could not be downloaded from Maven Central (project/build.properties sbt.version)"
  fi
  SBT_LAUNCHER="$jar"
}

# sbt_build BUILD_DIR CACHE_DIR: SBT_TASKS (a config var, split into words, never evaluated),
# default "compile stage".
sbt_build() {
  local build_dir="$1" cache_dir="$2" version sbt_home tasks
  version="$(sbt_version_asked "$build_dir")"
  [[ "$version" =~ ^1\.[0-9]+\.[0-9]+$ ]] || fail "project/build.properties: sbt.version $(printf '%s' "$version" | head -c 40) is not supported: Slipway runs sbt 1.x (like $SBT_DEFAULT_VERSION)"
  step "Installing sbt $version"
  [ -f "$build_dir/project/build.properties" ] || info "project/build.properties names no sbt.version: using sbt $version"
  install_sbt_launcher "$version" "$cache_dir"
  sbt_home="$cache_dir/sbt"
  mkdir -p "$sbt_home/boot" "$sbt_home/ivy2" "$sbt_home/global" "$sbt_home/coursier"
  printf '[repositories]\n  local\n  maven-central\n' > "$sbt_home/repositories"
  export COURSIER_CACHE="$sbt_home/coursier"
  read -r -a tasks <<< "${SBT_TASKS:-compile stage}"

  step "Running: sbt ${tasks[*]}"
  if ! java -Xms256m -Xmx1024m -Xss4m \
      -Dsbt.version="$version" \
      -Dsbt.repository.config="$sbt_home/repositories" -Dsbt.override.build.repos=true \
      -Dsbt.boot.directory="$sbt_home/boot" -Dsbt.ivy.home="$sbt_home/ivy2" \
      -Dsbt.global.base="$sbt_home/global" -Dsbt.coursier.home="$sbt_home/coursier" \
      -Dsbt.ci=true -Dsbt.log.noformat=true -Dsbt.supershell=false -Dsbt.server.autostart=false \
      -jar "$SBT_LAUNCHER" "${tasks[@]}" < /dev/null 2>&1 | indent; then
    fail "Failed to build app with sbt: sbt ${tasks[*]} exited with an error (see above)"
  fi
  [ -d "$build_dir/target/universal/stage" ] || warn "No target/universal/stage: add sbt-native-packager (enablePlugins(JavaAppPackaging)) for a default web process, or a Procfile"
  rm -rf "$build_dir/project/target" "$build_dir/project/project" "$build_dir/target/streams"
}
