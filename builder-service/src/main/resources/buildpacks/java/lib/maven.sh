# Maven, as Heroku's Java buildpack runs it: the app's ./mvnw first, else Maven from Maven Central
# (system.properties maven.version, default below), kept in the app's cache; the local repository
# lives in the cache too, so a push whose dependencies did not change downloads nothing.

MAVEN_DEFAULT_VERSION="3.9.11"

# maven_version_asked BUILD_DIR: system.properties maven.version, or the default.
maven_version_asked() {
  local file="$1/system.properties" asked=""
  if [ -f "$file" ] && [ ! -L "$file" ]; then
    asked="$(head -c 65536 "$file" | tr -d '\r' | sed -n 's/^[[:space:]]*maven\.version[[:space:]]*[=:][[:space:]]*//p' | tail -n1)"
    asked="${asked%"${asked##*[![:space:]]}"}"
  fi
  printf '%s' "${asked:-$MAVEN_DEFAULT_VERSION}"
}

# install_maven VERSION CACHE_DIR: Maven VERSION from Maven Central into the cache (once); sets
# MAVEN_BIN to its bin/mvn.
install_maven() {
  local version="$1" cache_dir="$2" home archive
  home="$cache_dir/maven/$version"
  if [ ! -x "$home/bin/mvn" ]; then
    info "Downloading Maven $version from Maven Central"
    rm -rf "$home"
    mkdir -p "$home"
    archive="$cache_dir/maven/apache-maven-$version-bin.tar.gz"
    if ! fetch_from_central "org/apache/maven/apache-maven/$version/apache-maven-$version-bin.tar.gz" "$archive"; then
      rm -rf "$home"
      fail "Maven $version could not be downloaded from Maven Central (system.properties maven.version)"
    fi
    tar -xzf "$archive" -C "$home" --strip-components=1 --no-same-owner
    rm -f "$archive"
  fi
  MAVEN_BIN="$home/bin/mvn"
}

# maven_jvm_options BUILD_DIR: Maven's own JVM runs with C1 only (MAVEN_OPTS, which config vars
# cannot set: drop_build_tool_env). A build is a few seconds of code that runs once; C2's
# compiler threads cost more CPU than they win back (a warm Spring Boot build on 2 cores: about
# half the CPU time and wall time). An app with .mvn/jvm.config tunes Maven's JVM itself and
# gets nothing from here (MAVEN_OPTS would come after its lines and win).
maven_jvm_options() {
  if [ -e "$1/.mvn/jvm.config" ]; then
    unset MAVEN_OPTS
  else
    export MAVEN_OPTS="-XX:TieredStopAtLevel=1"
  fi
}

# maven_build BUILD_DIR CACHE_DIR: MAVEN_CUSTOM_GOALS (default "clean dependency:list install")
# with MAVEN_CUSTOM_OPTS (default "-DskipTests"), as Heroku's; both are split into words, never
# evaluated.
maven_build() {
  local build_dir="$1" cache_dir="$2" version mvn goals opts settings=()
  export MAVEN_USER_HOME="$cache_dir/.m2"
  mkdir -p "$MAVEN_USER_HOME/repository"
  if [ -f "$build_dir/mvnw" ] && [ ! -L "$build_dir/mvnw" ] && [ -f "$build_dir/.mvn/wrapper/maven-wrapper.properties" ]; then
    step "Installing Maven"
    info "Using the Maven wrapper (./mvnw) of the app"
    chmod +x "$build_dir/mvnw"
    mvn=("$build_dir/mvnw")
  else
    version="$(maven_version_asked "$build_dir")"
    [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "system.properties: maven.version is not a Maven version (like $MAVEN_DEFAULT_VERSION)"
    step "Installing Maven $version"
    [ -f "$build_dir/mvnw" ] && info "./mvnw has no .mvn/wrapper/maven-wrapper.properties: using Maven $version instead"
    install_maven "$version" "$cache_dir"
    mvn=("$MAVEN_BIN")
  fi
  if [ -f "$build_dir/settings.xml" ] && [ ! -L "$build_dir/settings.xml" ]; then
    settings=(-s "$build_dir/settings.xml")
  fi
  maven_jvm_options "$build_dir"
  read -r -a goals <<< "${MAVEN_CUSTOM_GOALS:-clean dependency:list install}"
  read -r -a opts <<< "${MAVEN_CUSTOM_OPTS:--DskipTests}"

  step "Executing Maven"
  info "\$ ${mvn[0]##*/} ${opts[*]} ${goals[*]}"
  if ! "${mvn[@]}" -B -Dmaven.repo.local="$MAVEN_USER_HOME/repository" "${settings[@]}" "${opts[@]}" "${goals[@]}" 2>&1 | indent; then
    fail "Failed to build app with Maven: mvn ${opts[*]} ${goals[*]} exited with an error (see above)"
  fi
  rm -rf "$build_dir/.m2"
}
