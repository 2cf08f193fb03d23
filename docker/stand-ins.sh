#!/usr/bin/env bash
# Builds local stand-ins for the compose file's upstream base images, for machines that cannot pull
# from Docker Hub (CI here): a Debian root filesystem made with debootstrap and imported as an image,
# then the JRE, PostgreSQL and Kafka images on top of it. Prints the variables that point the
# compose file at them (eval its output, or see docker/compose-e2e.sh).
#
#   bash docker/stand-ins.sh            # builds what is missing; an image already there is kept
#
# Needs root (debootstrap), a Docker engine (DOCKER_HOST as usual) and Debian's mirror. The base is
# made once per engine; the others are docker builds, cached layer by layer like any other.
set -eo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
SUITE=${SLIPWAY_STANDIN_SUITE:-trixie}
MIRROR=${SLIPWAY_DEBIAN_MIRROR:-http://deb.debian.org/debian}
BASE_IMAGE=slipway-standin/debian:$SUITE
JRE_IMAGE=slipway-standin/jre:21
POSTGRES_IMAGE=slipway-standin/postgres:17
KAFKA_IMAGE=slipway-standin/kafka:4.1.1

log() { echo "stand-ins: $*" >&2; }

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

# Debian $SUITE (minbase: apt, bash, coreutils, util-linux), imported as one layer.
build_base() {
  if have_image "$BASE_IMAGE"; then
    log "$BASE_IMAGE is there"
    return 0
  fi
  command -v debootstrap >/dev/null || { log "debootstrap is missing (apt-get install debootstrap)"; return 1; }
  local root
  root=$(mktemp -d /var/tmp/slipway-standin-root.XXXXXX)
  log "debootstrap $SUITE from $MIRROR into $root"
  if ! debootstrap --variant=minbase --include=ca-certificates "$SUITE" "$root" "$MIRROR" \
      > "$root.log" 2>&1; then
    tail -20 "$root.log" >&2
    rm -rf "$root" "$root.log"
    return 1
  fi
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root.log"
  printf 'deb %s %s main\n' "$MIRROR" "$SUITE" > "$root/etc/apt/sources.list"
  tar -C "$root" --numeric-owner -c . \
    | docker import --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' - "$BASE_IMAGE" >/dev/null
  rm -rf "$root"
  log "imported $BASE_IMAGE"
}

build_image() {
  local tag=$1 dir=$2
  shift 2
  log "building $tag"
  DOCKER_BUILDKIT=0 docker build -q -t "$tag" "$@" "$dir" >/dev/null
}

# The broker's jars as Apache publishes them on Maven Central, into the image's build context.
kafka_jars() {
  local libs=$REPO/docker/stand-ins/kafka/target/libs
  if [ -d "$libs" ] && [ -n "$(ls -A "$libs")" ]; then
    return 0
  fi
  log "copying the Kafka jars (Maven Central) into $libs"
  [ -n "${JAVA_HOME:-}" ] || JAVA_HOME=$("$REPO/.ci/find-jdk")
  export JAVA_HOME
  "$REPO/mvnw" -B -q -f "$REPO/docker/stand-ins/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$libs" >&2
}

build_base
build_image "$JRE_IMAGE" "$REPO/docker/stand-ins/jre" --build-arg "BASE=$BASE_IMAGE"
build_image "$POSTGRES_IMAGE" "$REPO/docker/stand-ins/postgres" --build-arg "BASE=$BASE_IMAGE"
kafka_jars
build_image "$KAFKA_IMAGE" "$REPO/docker/stand-ins/kafka" --build-arg "JRE=$JRE_IMAGE"

echo "SLIPWAY_JRE_IMAGE=$JRE_IMAGE"
echo "SLIPWAY_POSTGRES_IMAGE=$POSTGRES_IMAGE"
echo "SLIPWAY_KAFKA_IMAGE=$KAFKA_IMAGE"
