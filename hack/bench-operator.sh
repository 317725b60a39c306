#!/usr/bin/env bash
# make bench-operator: on the local control plane (started and stopped here, as make test does),
# the operator's TrainingRun -> Job latency one at a time and 1,000 at once, beside Kubernetes'
# Job controller's Job -> Pod on the same API server, and the operator's heap after a full GC.
# Figures, not assertions: never part of make test. BENCH_SEQUENTIAL, BENCH_BURST to resize.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn=${MVN:-mvn -B -ntp}
$mvn -q install -DskipTests -DskipITs -pl operator -am
trap 'hack/cluster-down.sh >/dev/null 2>&1 || true' EXIT
$mvn -q verify -pl operator -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=OperatorBench -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dneuralforge.benchSequential="${BENCH_SEQUENTIAL:-100}" -Dneuralforge.benchBurst="${BENCH_BURST:-1000}" >/dev/null
cat operator/target/bench-operator.txt
