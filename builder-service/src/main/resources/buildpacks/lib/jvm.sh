# The JDK part that the java and scala buildpacks share (sourced after lib/slipway.sh): which JDKs
# this host offers, which one the app asks for (system.properties java.runtime.version), how the
# slug reaches it at dyno time, and the heap a dyno's JVM gets.
#
# The JDK is not copied into the slug: a JDK is 200-300 MB, more than half of Heroku's 500 MB slug
# limit. The slug gets a symlink .jdk -> the JDK's folder under /usr, which every build and every
# dyno sees read-only, and .profile.d/jvm.sh puts $HOME/.jdk/bin on PATH.

# Where Debian installs JDKs (a parameter of jdk_inventory and install_jdk only for tests; no
# variable, so no config var can point the build elsewhere).
JVM_DEBIAN_JDKS=/usr/lib/jvm

# drop_build_tool_env: config vars that would change how the JVM or the build tools themselves
# load; MAVEN_CUSTOM_OPTS, GRADLE_TASK and the like are the ways to pass options to a build.
drop_build_tool_env() {
  unset JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS _JAVA_OPTIONS JAVA_OPTS CLASSPATH \
    MAVEN_OPTS MAVEN_ARGS MAVEN_HOME M2_HOME MAVEN_USER_HOME MAVEN_CONFIG MAVEN_SKIP_RC \
    GRADLE_OPTS GRADLE_USER_HOME SBT_OPTS SBT_HOME
}

# jdk_version_of DIR: the JAVA_VERSION of the JDK in DIR (its release file), as "8.0.392" for a
# "1.8.0_392"; nothing when DIR holds no JDK.
jdk_version_of() {
  local version
  [ -f "$1/release" ] && [ -x "$1/bin/java" ] || return 0
  version="$(sed -n 's/^JAVA_VERSION="\([0-9][0-9._+a-z-]*\)"$/\1/p' "$1/release" | head -n1)"
  normalized_java_version "$version"
}

# normalized_java_version V: Java's old "1.8.0_392" numbering as "8.0.392"; others unchanged.
normalized_java_version() {
  local v="$1"
  case "$v" in
    1.[5-8]) v="${v#1.}" ;;
    1.[5-8].*) v="${v#1.}" ;;
  esac
  printf '%s' "${v//_/.}"
}

# jdk_inventory [DEBIAN_JDKS]: "version<TAB>dir" for each JDK this host offers: the ones under
# /usr/lib/jvm (a symlink there is the same JDK under another name and is skipped) and the
# operator's $SLIPWAY_RUNTIMES/java/<version>/ folders.
jdk_inventory() {
  local d version
  for d in "${1:-$JVM_DEBIAN_JDKS}"/*/; do
    d="${d%/}"
    [ -L "$d" ] && continue
    version="$(jdk_version_of "$d")"
    [ -n "$version" ] && printf '%s\t%s\n' "$version" "$d"
  done
  operator_runtimes java | while IFS=$'\t' read -r version d; do
    [ -x "$d/bin/java" ] && printf '%s\t%s\n' "$version" "$d"
  done
  return 0
}

# java_version_asked BUILD_DIR: java.runtime.version from system.properties ("17", "21.0.2",
# "1.8", "zulu-21": a distribution prefix is dropped, this host has one JDK per version), or
# nothing; "invalid" for a value that is not a version.
java_version_asked() {
  local file="$1/system.properties" asked
  [ -f "$file" ] && [ ! -L "$file" ] || return 0
  asked="$(head -c 65536 "$file" | tr -d '\r' | sed -n 's/^[[:space:]]*java\.runtime\.version[[:space:]]*[=:][[:space:]]*//p' | tail -n1)"
  asked="${asked%"${asked##*[![:space:]]}"}"
  asked="${asked#*-}"
  [ -z "$asked" ] && return 0
  if [[ ! "$asked" =~ ^[0-9]+(\.[0-9]+)*([._+][0-9A-Za-z]+)*$ ]] || [ "${#asked}" -gt 32 ]; then
    printf 'invalid'
    return 0
  fi
  normalized_java_version "$asked"
}

# install_jdk BUILD_DIR [DEBIAN_JDKS]: picks the JDK the app asks for (the newest when it names
# none), links it into the slug as .jdk, writes .profile.d/jvm.sh, and exports JAVA_HOME and PATH
# for the rest of the build.
install_jdk() {
  local build_dir="$1" debian_jdks="${2:-$JVM_DEBIAN_JDKS}" asked inventory picked version dir
  asked="$(java_version_asked "$build_dir")"
  if [ "$asked" = invalid ]; then
    fail "system.properties: java.runtime.version is not a Java version (like 17, 21 or 1.8)"
  fi
  inventory="$(jdk_inventory "$debian_jdks")"
  step "Installing OpenJDK ${asked:-(newest on this platform; system.properties names no java.runtime.version)}"
  picked="$(printf '%s\n' "$inventory" | sed '/^$/d' | best_version "$asked")"
  [ -n "$picked" ] || no_runtime "Java" "${asked:-(any)}" "$inventory"
  version="${picked%%$'\t'*}"
  dir="${picked#*$'\t'}"
  info "OpenJDK $version from $dir"
  rm -rf "${build_dir:?}/.jdk"
  ln -s "$dir" "$build_dir/.jdk"
  mkdir -p "$build_dir/.profile.d"
  write_jvm_profile > "$build_dir/.profile.d/jvm.sh"
  export JAVA_HOME="$dir"
  export PATH="$JAVA_HOME/bin:$PATH"
}

# write_jvm_profile: the dyno's JVM settings, as Heroku's: the slug's JDK first on PATH, and a heap
# sized to the dyno's memory in JAVA_TOOL_OPTIONS (300 MB on 512 MB dynos, 671 MB on 1 GB ones,
# 80 % of the memory on bigger ones), ahead of whatever JAVA_TOOL_OPTIONS the app sets itself.
write_jvm_profile() {
  cat <<'PROFILE'
# Written by Slipway's JVM buildpack: the JDK and its heap for this dyno.
export JAVA_HOME="$HOME/.jdk"
export PATH="$HOME/.jdk/bin:$PATH"
jvm_memory_mb="${SLIPWAY_DYNO_MEMORY_MB:-512}"
case "$jvm_memory_mb" in
  ''|*[!0-9]*) jvm_memory_mb=512 ;;
esac
if [ "$jvm_memory_mb" -le 512 ]; then
  jvm_heap_opts="-Xmx300m -Xss512k -XX:CICompilerCount=2"
elif [ "$jvm_memory_mb" -le 1024 ]; then
  jvm_heap_opts="-Xmx671m -XX:CICompilerCount=2"
else
  jvm_heap_opts="-Xmx$((jvm_memory_mb * 80 / 100))m"
fi
export JAVA_TOOL_OPTIONS="$jvm_heap_opts -Dfile.encoding=UTF-8${JAVA_TOOL_OPTIONS:+ $JAVA_TOOL_OPTIONS}"
unset jvm_memory_mb jvm_heap_opts
PROFILE
}

# fetch_from_central PATH TARGET: downloads PATH from Maven Central to TARGET and checks it
# against the .sha1 that Central publishes beside it.
fetch_from_central() {
  local url="https://repo.maven.apache.org/maven2/$1" target="$2" expected actual
  curl -fsS --retry 3 --connect-timeout 20 --max-time 600 -o "$target.part" "$url" || return 1
  expected="$(curl -fsS --retry 3 --connect-timeout 20 --max-time 60 "$url.sha1" | head -c 40)" || return 1
  actual="$(sha1sum "$target.part" | cut -d' ' -f1)"
  if [ "$expected" != "$actual" ]; then
    rm -f "$target.part"
    warn "$url: checksum $actual, Maven Central says $expected"
    return 1
  fi
  mv "$target.part" "$target"
}

# executable_jar BUILD_DIR FOLDER...: the path, relative to BUILD_DIR, of the one jar in those
# folders whose manifest names a Main-Class (a Spring Boot jar, a fat jar, an application jar);
# plain, sources and javadoc jars are left out. Nothing when there is none.
executable_jar() {
  local build_dir="$1" folder jar name
  shift
  for folder in "$@"; do
    [ -d "$build_dir/$folder" ] && [ ! -L "$build_dir/$folder" ] || continue
    for jar in "$build_dir/$folder"/*.jar; do
      [ -f "$jar" ] && [ ! -L "$jar" ] || continue
      name="$(basename "$jar")"
      case "$name" in
        *-plain.jar|*-sources.jar|*-javadoc.jar|*-tests.jar) continue ;;
      esac
      [[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || continue
      if unzip -p "$jar" META-INF/MANIFEST.MF 2>/dev/null | head -c 65536 | grep -q '^Main-Class:'; then
        printf '%s/%s\n' "$folder" "$name"
        return 0
      fi
    done
  done
}

# release_web_jar BUILD_DIR FOLDER...: bin/release's answer: the executable jar as the web process.
release_web_jar() {
  local jar
  jar="$(executable_jar "$@")"
  echo "---"
  if [ -n "$jar" ]; then
    echo "default_process_types:"
    echo "  web: java -Dserver.port=\$PORT \$JAVA_OPTS -jar $jar"
  else
    echo "default_process_types: {}"
  fi
}
