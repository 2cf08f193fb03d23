#!/usr/bin/env bash
# What the dyno sandbox adds to a dyno's start (launch -> port accepting, sandboxed vs the
# unsandboxed opt-out) and the memory it costs beyond the app. Needs root, runc, ip, nft, node,
# and service-kit compiled (./mvnw -pl service-kit -am compile). Usage: bench/sandbox.sh [runs]
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
JAVA_HOME=${JAVA_HOME:-$(.ci/find-jdk)}
jackson=$(find "$HOME/.m2/repository/com/fasterxml/jackson/core" -name 'jackson-*-2.*.jar' ! -name '*sources*' | sort | tr '\n' ':')
"$JAVA_HOME/bin/java" -cp "service-kit/target/classes:$jackson" bench/SandboxBench.java "${1:-15}"
