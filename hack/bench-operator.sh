#!/usr/bin/env bash
# make bench-operator: on the local control plane (started and stopped here, as make test does),
# the operator's TrainingRun -> Job latency one at a time and 1,000 at once, beside Kubernetes'
# Job controller's Job -> Pod on the same API server, and the operator's heap after a full GC at
# 1,000 and at 10,000 runs (BENCH_VOLUME), in a JVM given the heap the chart gives it.
# Figures, not assertions: never part of make test. BENCH_SEQUENTIAL, BENCH_BURST, BENCH_VOLUME to resize.
# With the argument "quiet" (make bench-quiet): 300 runs (BENCH_QUEUED) waiting in a Kueue queue
# without quota, and the API server's request counters over a quiet minute.
set -euo pipefail
bench=OperatorBench report=bench-operator.txt
if [[ "${1:-}" == quiet ]]; then bench=QuietQueueBench report=bench-quiet.txt; fi
cd "$(dirname "$0")/.."
mvn=${MVN:-mvn -B -ntp}
$mvn -q install -DskipTests -DskipITs -pl operator -am
trap 'hack/cluster-down.sh >/dev/null 2>&1 || true' EXIT
$mvn -q verify -pl operator -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test="$bench" -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dneuralforge.benchSequential="${BENCH_SEQUENTIAL:-100}" -Dneuralforge.benchBurst="${BENCH_BURST:-1000}" -Dneuralforge.benchVolume="${BENCH_VOLUME:-10000}" \
  -Dneuralforge.benchQueued="${BENCH_QUEUED:-300}" >/dev/null
cat "operator/target/$report"
