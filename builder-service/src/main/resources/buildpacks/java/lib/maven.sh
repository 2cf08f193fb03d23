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

# maven_jvm_options BUILD_DIR CACHE_DIR MAVEN_ID: MAVEN_OPTS for Maven's own JVM, which config vars
# cannot set (drop_build_tool_env). It runs with C1 only: a build is a few seconds of code that
# runs once; C2's compiler threads cost more CPU than they win back (a warm Spring Boot build on 2
# cores: about half the CPU time and wall time). Plus a class-data-sharing archive of the classes
# Maven loaded (maven_cds_options). An app with .mvn/jvm.config tunes Maven's JVM itself and gets
# nothing from here (MAVEN_OPTS would come after its lines and win).
maven_jvm_options() {
  MAVEN_CDS_ARCHIVE=""
  if [ -e "$1/.mvn/jvm.config" ]; then
    unset MAVEN_OPTS
  else
    export MAVEN_OPTS="-XX:TieredStopAtLevel=1"
    maven_cds_options "$2" "$3" || true
  fi
}

# maven_cds_options CACHE_DIR MAVEN_ID: on JDK 17 and later, the classes a build's Maven loads
# (JVM, Maven core, plugins: ~4,000 of them) are kept in a dynamic CDS archive in the cache, so the
# next build maps them instead of loading and verifying them again. The build without an archive
# writes one at its exit (-XX:ArchiveClassesAtExit, the one way JDK 17 has; JDK 19's
# AutoCreateSharedArchive is not needed for this); later builds read it (-XX:SharedArchiveFile).
# The file is named after the JDK (its libjvm.so and modules, by size and time) and MAVEN_ID (the
# wrapper's distribution or the Maven version), so another JDK or Maven starts a new one.
# A stale archive only costs speed: the JVM checks it against its own version and class path and
# ignores one that does not match (maven_cds_after then drops it). A damaged one would crash the
# JVM (JDK 17 maps a truncated file and dies of SIGBUS), so the archive is used only when its
# cksum (CRC and size) is the one written beside it when it was made. The cache is the app's own:
# a crafted archive reaches only the app's own sandboxed build, which runs the app's own mvnw and
# plugins anyway. Sets MAVEN_CDS_ARCHIVE when it adds options.
maven_cds_options() {
  local cache_dir="$1" maven_id="$2" dir version key archive
  # -Xlog and the mvn script split these options on spaces, commas and colons
  [[ "$cache_dir" =~ ^[A-Za-z0-9/._-]+$ ]] && [ -n "${JAVA_HOME:-}" ] || return 0
  version="$(jdk_version_of "$JAVA_HOME")"
  [[ "${version%%.*}" =~ ^[0-9]+$ ]] && [ "${version%%.*}" -ge 17 ] || return 0
  key="$(stat -L -c '%s %Y' "$JAVA_HOME/lib/server/libjvm.so" "$JAVA_HOME/lib/modules" 2>/dev/null)" || return 0
  key="$(printf '%s\n%s\n%s\n' "$version" "$key" "$maven_id" | cksum | cut -d' ' -f1)"
  dir="$cache_dir/maven-cds"
  archive="$dir/jdk$version-$key.jsa"
  # an unwritable folder would stop the JVM (-Xlog cannot open its file): no archive then
  mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ] || return 0
  rm -f "$dir/cds.log" "$archive.part"
  if [ -f "$archive" ] && [ "$(cksum < "$archive")" = "$(cat "$archive.cksum" 2>/dev/null)" ]; then
    MAVEN_OPTS="$MAVEN_OPTS -XX:SharedArchiveFile=$archive"
  else
    rm -f "$archive" "$archive.cksum"
    MAVEN_OPTS="$MAVEN_OPTS -XX:ArchiveClassesAtExit=$archive.part"
  fi
  # the JVM's CDS notes (a thousand "Skipping ..." lines when it writes) go to a file, not the build output
  MAVEN_OPTS="$MAVEN_OPTS -Xlog:cds*=off -Xlog:cds*=warning:file=$dir/cds.log"
  MAVEN_CDS_ARCHIVE="$archive"
}

# maven_cds_after OK: after Maven; OK is 0 when it succeeded. A new archive is kept (with its
# cksum, and other JDKs' or Mavens' archives go) only after a successful build; one that the JVM
# could not use is dropped, so the next build writes it again.
maven_cds_after() {
  local ok="$1" archive="$MAVEN_CDS_ARCHIVE" dir
  [ -n "$archive" ] || return 0
  dir="${archive%/*}"
  if [ -f "$archive.part" ]; then
    if [ "$ok" = 0 ] && [ -s "$archive.part" ]; then
      find "$dir" -maxdepth 1 -name '*.jsa*' ! -name "${archive##*/}.part" -delete
      mv -f "$archive.part" "$archive" && cksum < "$archive" > "$archive.cksum"
    fi
    rm -f "$archive.part"
  elif grep -qsiE 'unable to use shared archive|not a valid shared archive' "$dir/cds.log"; then
    rm -f "$archive" "$archive.cksum"
  fi
  return 0
}

# maven_build BUILD_DIR CACHE_DIR: MAVEN_CUSTOM_GOALS (default "clean dependency:list install")
# with MAVEN_CUSTOM_OPTS (default "-DskipTests"), as Heroku's; both are split into words, never
# evaluated.
maven_build() {
  local build_dir="$1" cache_dir="$2" version maven_id mvn goals opts settings=() status
  export MAVEN_USER_HOME="$cache_dir/.m2"
  mkdir -p "$MAVEN_USER_HOME/repository"
  if [ -f "$build_dir/mvnw" ] && [ ! -L "$build_dir/mvnw" ] && [ -f "$build_dir/.mvn/wrapper/maven-wrapper.properties" ]; then
    step "Installing Maven"
    info "Using the Maven wrapper (./mvnw) of the app"
    chmod +x "$build_dir/mvnw"
    mvn=("$build_dir/mvnw")
    maven_id="wrapper $(sed -n 's/^distributionUrl=//p' "$build_dir/.mvn/wrapper/maven-wrapper.properties")"
  else
    version="$(maven_version_asked "$build_dir")"
    [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "system.properties: maven.version is not a Maven version (like $MAVEN_DEFAULT_VERSION)"
    step "Installing Maven $version"
    [ -f "$build_dir/mvnw" ] && info "./mvnw has no .mvn/wrapper/maven-wrapper.properties: using Maven $version instead"
    install_maven "$version" "$cache_dir"
    mvn=("$MAVEN_BIN")
    maven_id="maven $version"
  fi
  if [ -f "$build_dir/settings.xml" ] && [ ! -L "$build_dir/settings.xml" ]; then
    settings=(-s "$build_dir/settings.xml")
  fi
  maven_jvm_options "$build_dir" "$cache_dir" "$maven_id"
  read -r -a goals <<< "${MAVEN_CUSTOM_GOALS:-clean dependency:list install}"
  read -r -a opts <<< "${MAVEN_CUSTOM_OPTS:--DskipTests}"

  step "Executing Maven"
  info "\$ ${mvn[0]##*/} ${opts[*]} ${goals[*]}"
  status=0
  "${mvn[@]}" -B -Dmaven.repo.local="$MAVEN_USER_HOME/repository" "${settings[@]}" "${opts[@]}" "${goals[@]}" 2>&1 | indent || status=$?
  maven_cds_after "$status" || true
  if [ "$status" != 0 ]; then
    fail "Failed to build app with Maven: mvn ${opts[*]} ${goals[*]} exited with an error (see above)"
  fi
  rm -rf "$build_dir/.m2"
}
