#!/usr/bin/env bash
# The side-by-side echo comparison: jevent on each of its backends (NIO; epoll, and io_uring once it
# exists, on a JDK 22+), Netty with its NIO, epoll and io_uring transports, a hand-written java.nio
# loop, and the real libevent when it can be built. Usage: jevent-bench/run.sh [--quick] [--group]
#   --quick   one short run of every scenario (three to five minutes): a smoke test of the harness
#   (none)    five interleaved runs per server and scenario (about forty minutes)
#   --group   instead: two loops against two loops (jevent's EventBaseGroup, handoff and
#             SO_REUSEPORT, against Netty with two NIO loops), 1,000 connections of 64 bytes,
#             nothing pinned; three interleaved runs (one with --quick); about a minute
#   --only S,S          only these servers
#   --cpu-quota PERCENT each server may use only this share of its CPU during the runs (a CFS
#             quota; needs root), so that the server and not the load generator sets the pace
# Every Java server runs on one JDK: a JDK 22+ when there is one (JDK22_HOME, else JAVA_HOME or
# `java` if 22+, else the first one under /usr/lib/jvm), which jevent's native backends need; the
# project is then built on it too, so that jevent-core's jar holds them. Without one, `java` runs
# everything and the native jevent servers are skipped, each with a line saying why.
# System calls per message are counted with perf (syscall tracepoints), else strace; as root, the
# script installs them when missing.
# The report is printed and written to jevent-bench/target/echo-comparison.md.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=()
group=false
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) mode+=(--quick) ;;
    --group) group=true ;;
    --only) mode+=(--only "$2"); shift ;;
    --cpu-quota) mode+=(--cpu-quota "$2"); shift ;;
    *) echo "usage: $0 [--quick] [--group] [--only server,server,...] [--cpu-quota PERCENT]" >&2; exit 2 ;;
  esac
  shift
done

# The feature version of the JDK at $1 (17, 25, ...), from its release file; empty if none.
jdk_feature() {
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null || true
}
is_jdk22() {
  local f
  f=$(jdk_feature "$1")
  [ -n "$f" ] && [ "$f" -ge 22 ]
}
find_jdk22() {
  if [ -n "${JDK22_HOME:-}" ]; then
    if ! is_jdk22 "$JDK22_HOME"; then
      echo "JDK22_HOME=$JDK22_HOME is not a JDK 22 or later" >&2
      exit 1
    fi
    echo "$JDK22_HOME"
    return
  fi
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  command -v java >/dev/null 2>&1 && candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  for d in /usr/lib/jvm/*; do
    [ -d "$d" ] && candidates+=("$d")
  done
  for d in "${candidates[@]}"; do
    if is_jdk22 "$d"; then
      echo "$d"
      return
    fi
  done
}
jdk=$(find_jdk22)
if [ -n "$jdk" ]; then
  export JAVA_HOME="$jdk"
  java="$jdk/bin/java"
  echo "JDK: $jdk (JDK $(jdk_feature "$jdk")): every Java server runs on it, jevent's native backends included"
else
  java=java
  echo "JDK: $(java -version 2>&1 | head -1); no JDK 22+ found (set JDK22_HOME): jevent-epoll and jevent-io_uring will be skipped"
fi

mvn -B -q -pl jevent-bench -am package -DskipTests

# 5,000 connections need 5,000 descriptors on each side, the memory phase 10,000 idle ones: raise
# the soft limit for every process started from here (JVMs raise theirs to the hard limit anyway).
want=65536
hard=$(ulimit -Hn)
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$want" ]; then
  if [ "$hard" = unlimited ] || [ "$hard" -ge "$want" ]; then ulimit -n "$want"; else ulimit -n "$hard"; fi
fi
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 12000 ]; then
  echo "warning: at most $(ulimit -n) descriptors per process (hard limit $hard): the 5,000-connection" \
    "scenario and the memory phase need about 12,000; raise the hard limit (limits.conf)" >&2
fi

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
  exec "$java" -Xms512m -Xmx512m -cp jevent-bench/target/benchmarks.jar io.jevent.bench.echo.EchoGroupComparison \
    "${mode[@]}" "${load[@]}" --out jevent-bench/target/echo-group.md
fi

# System calls per echoed message: perf counts the syscall tracepoints in the kernel (cheap);
# strace stops the server at every call. Either counts in a window of its own after the timed one.
perf_works() {
  # Needs the control descriptor (perf 5.10+) and read access to the syscall tracepoints.
  local help counted
  help=$(perf stat -h 2>&1 || true)
  counted=$(perf stat -x , -e raw_syscalls:sys_enter -- true 2>&1 || true)
  [[ "$help" == *--control* ]] && [[ "$counted" =~ (^|$'\n')[0-9]+,.*raw_syscalls:sys_enter ]]
}
strace_works() {
  # Attach to a sibling, as the comparison does to its servers (ptrace_scope may forbid it).
  sleep 5 &
  local target=$! said
  said=$(timeout -s INT 1 strace -o /dev/null -p "$target" 2>&1 || true)
  kill "$target" 2>/dev/null || true
  [[ "$said" == *attached* ]]
}
if ! perf_works && ! command -v strace >/dev/null 2>&1 \
    && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "installing perf and strace to count system calls..."
  (apt-get update -qq && (apt-get install -y -qq linux-perf strace || apt-get install -y -qq strace)) >/dev/null 2>&1 || true
fi
syscalls=()
if command -v perf >/dev/null 2>&1 && perf_works; then
  echo "system calls: counted with perf (syscall tracepoints)"
  syscalls=(--syscalls perf)
elif command -v strace >/dev/null 2>&1 && strace_works; then
  echo "system calls: counted with strace (perf cannot count syscall tracepoints here; strace slows the server while it counts)"
  syscalls=(--syscalls strace)
else
  echo "system calls: not counted (needs perf with tracepoint access, or strace allowed to attach)"
fi

pin=()
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
  pin=(taskset -c 1)
fi

"${pin[@]}" "$java" -Xms512m -Xmx512m -cp jevent-bench/target/benchmarks.jar io.jevent.bench.echo.EchoComparison \
  "${mode[@]}" "${libevent[@]}" "${load[@]}" "${syscalls[@]}" --out jevent-bench/target/echo-comparison.md
