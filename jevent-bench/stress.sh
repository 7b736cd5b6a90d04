#!/usr/bin/env bash
# The thread-safety stress and model-checking tests of jevent-core, run for as long as you like.
# Usage: jevent-bench/stress.sh [SECONDS]   (default 600: ten minutes per stress test)
# CI runs the same tests for about a second each; each one fails with a dump of every thread if it
# hangs, instead of hanging. The Lincheck tests always run too (their own surefire execution), with
# random scenarios scaled by the same setting.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
mvn -B -pl jevent-core -am verify \
  -Djevent.stress.seconds="$seconds" \
  -Djevent.lincheck.timeout="$((seconds * 30 + 300))" \
  -Dtest='*StressTest,*ThreadsTest,LockOrderTest,ConcurrentCloseTest' \
  -Dsurefire.failIfNoSpecifiedTests=false
