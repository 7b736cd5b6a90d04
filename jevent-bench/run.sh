#!/usr/bin/env bash
# The side-by-side echo comparison: jevent, Netty NIO, Netty epoll, a hand-written java.nio loop,
# and the real libevent when it can be built. Usage: jevent-bench/run.sh [--quick] [--group]
#   --quick   one short run of every scenario (about two minutes): a smoke test of the harness
#   (none)    five interleaved runs per server and scenario (about fifteen minutes)
#   --group   instead: two loops against two loops (jevent's EventBaseGroup, handoff and
#             SO_REUSEPORT, against Netty with two NIO loops), 1,000 connections of 64 bytes,
#             nothing pinned; three interleaved runs (one with --quick); about a minute
# The report is printed and written to jevent-bench/target/echo-comparison.md.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=()
group=false
for arg in "$@"; do
  case "$arg" in
    --quick) mode=(--quick) ;;
    --group) group=true ;;
    *) echo "usage: $0 [--quick] [--group]" >&2; exit 2 ;;
  esac
done

mvn -B -q package -DskipTests

libevent=()
if ! echo '#include <event2/event.h>' | gcc -E - >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing libevent-dev to build the libevent echo server..."
    (apt-get update -qq && apt-get install -y -qq libevent-dev) >/dev/null 2>&1 || true
  fi
fi
if command -v gcc >/dev/null 2>&1 \
    && gcc -O2 -o jevent-bench/target/libevent-echo jevent-bench/src/main/c/libevent-echo.c -levent 2>/dev/null; then
  echo "libevent echo server: built, included"
  libevent=(--libevent jevent-bench/target/libevent-echo)
else
  echo "libevent echo server: skipped (needs gcc and libevent-dev)"
fi

load=()
if command -v gcc >/dev/null 2>&1 \
    && gcc -O2 -o jevent-bench/target/echo-load jevent-bench/src/main/c/echo-load.c 2>/dev/null; then
  echo "load generator: C (echo-load.c)"
  load=(--load jevent-bench/target/echo-load)
else
  echo "load generator: Java (EchoLoad), since gcc is missing; it costs more CPU than the C one"
fi

if [ "$group" = true ]; then
  # Two loops need both cores: the servers and the generator run unpinned.
  exec java -Xms512m -Xmx512m -cp jevent-bench/target/benchmarks.jar io.jevent.bench.echo.EchoGroupComparison \
    "${mode[@]}" "${load[@]}" --out jevent-bench/target/echo-group.md
fi

pin=()
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
  pin=(taskset -c 1)
fi

"${pin[@]}" java -Xms512m -Xmx512m -cp jevent-bench/target/benchmarks.jar io.jevent.bench.echo.EchoComparison \
  "${mode[@]}" "${libevent[@]}" "${load[@]}" --out jevent-bench/target/echo-comparison.md
