#!/usr/bin/env bash
# Fault injection during deploys: FaultsIT (e2e-tests) kills every service with SIGKILL in turn,
# restarts the broker and PostgreSQL, ROUNDS times each (default 3; the build runs 1), while apps
# are pushed over and over, then checks that no push stuck, no accepted push lost its release and
# none was released twice. Prints the test's one line:
#   faults: kills=N broker-restarts=N pg-restarts=N deploys=N completed=N rejected=N stuck=0 lost=0 duplicated=0 max-recovery-s=X
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
JAVA_HOME=$(.ci/find-jdk)
export JAVA_HOME
rounds=${ROUNDS:-3}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ./mvnw -B -pl e2e-tests -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
     -Dit.test=FaultsIT -Dfailsafe.failIfNoSpecifiedTests=false -Dslipway.faults.rounds="$rounds" >"$log" 2>&1; then
  grep '^faults:' "$log"
else
  grep '^faults:' "$log" || true
  grep -E 'Tests run:|FAIL|AssertionFailed' "$log" | head -20 >&2
  echo "faults: FAILED, full log kept at $log.kept" >&2
  cp "$log" "$log.kept"
  exit 1
fi
