#!/usr/bin/env bash
# The whole suite: unit, integration and end-to-end, against the machine's PostgreSQL and NATS.
# Vitest's own summary is not read by CI, so the last line is the plain `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
report="$(mktemp -d)/vitest.json"
pnpm -s generate >/dev/null || { echo "generate failed (Prisma clients, the console's API types)" >&2; exit 1; }
# The browser tests drive the console as the gateway serves it: built from this checkout's sources.
pnpm -s build:console >/dev/null || { echo "the console did not build (pnpm build:console)" >&2; exit 1; }
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?
# The fault suite's bounded form (docs/operations.md#faults) runs after Vitest, counted as one test in the last line;
# FAULTS=off skips it. The bounded set: one replica of approval and of the gateway killed (competing consumers, relays
# and sweeps), intake killed, a consumer killed between commit and ack, the nats-server killed and restarted on its
# store, PostgreSQL stopped, events redelivered out of order, a poison event, both approval replicas' sweeps racing,
# then one of them again at random. `pnpm test:faults` runs all fourteen.
bounded='SIGKILL intake,SIGKILL approval (replica 1,SIGKILL gateway (replica 1,between commit and ack,nats-server SIGKILL,PostgreSQL stopped,redelivered,poison event,sweep on both'
faults=skipped
if [ $# -eq 0 ] && [ "${FAULTS:-on}" != off ]; then
  if FAULTS_ONLY="${FAULTS_ONLY-$bounded}" FAULTS_ROUNDS="${FAULTS_ROUNDS-1}" pnpm -s test:faults; then
    faults=passed
  else
    faults=failed
    status=1
  fi
fi
if [ -f "$report" ]; then
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const faults = process.argv[2];
    const passed = r.numPassedTests + (faults === "passed" ? 1 : 0);
    const failed = r.numFailedTests + (faults === "failed" ? 1 : 0);
    console.log(`${passed} passed, ${failed} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
    if (r.numTotalTests === 0) process.exitCode = 1;
  ' "$report" "$faults" || status=1
fi
exit $status
