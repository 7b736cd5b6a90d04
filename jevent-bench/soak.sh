#!/usr/bin/env bash
# The soak and fault suite against an echo server: load with integrity checks, connection bursts,
# C10K (idle + busy connections for a while) and faults (RST mid-write, half-close, killed clients,
# a client that never reads, descriptor exhaustion under a lowered limit, SIGTERM under load).
#
# Usage: jevent-bench/soak.sh [--quick] [SERVER] [Soak options...]
#   SERVER is one of
#     --example NAME        an example of the examples jar (default: echo), started with --port 0
#     --libevent            libevent's C echo server (soak-echo.c), built with gcc and libevent-dev
#     --server 'COMMAND'    any command that starts an echo server and prints its port first
#     --target HOST:PORT    a server already running (add --pid PID for its memory and descriptors)
#   --quick runs the reduced suite (a few thousand connections, about 30 s per part); without it the
#   full run takes about 20 minutes, 10 of them C10K (10,000 idle + 1,000 active connections).
#   Other options go to the runner: --parts load,burst,c10k,faults --clients N --bytes M --seconds S
#   --settle S --label NAME --out FILE ... (see io.jevent.bench.soak.Soak).
#   SERVER_JAVA_OPTS holds JVM options for a Java example, e.g. "-Xms16m -XX:G1PeriodicGCInterval=15000".
# Exit status 0 when every part passed.
set -euo pipefail
cd "$(dirname "$0")/.."

example=echo
server=()
rest=()
label=
while [ $# -gt 0 ]; do
  case "$1" in
    --example) example="$2"; shift 2 ;;
    --libevent) example=; server=(libevent); shift ;;
    --server|--target) server=("$1" "$2"); example=; shift 2 ;;
    --label) label="$2"; shift 2 ;;
    *) rest+=("$1"); shift ;;
  esac
done

mvn -B -q package -DskipTests -pl jevent-examples,jevent-bench -am

# 10,000 idle connections need more than the usual 1024 descriptors on the client side.
hard=$(ulimit -Hn)
if [ "$hard" = unlimited ] || [ "$hard" -gt 65536 ]; then hard=65536; fi
ulimit -n "$hard"

if [ "${server[0]:-}" = libevent ]; then
  if ! gcc -O2 -o jevent-bench/target/soak-echo jevent-bench/src/main/c/soak-echo.c -levent; then
    echo "soak.sh: building soak-echo.c needs gcc and libevent-dev" >&2
    exit 2
  fi
  server=(--server jevent-bench/target/soak-echo)
  label="${label:-libevent 2.1 C echo (soak-echo.c)}"
elif [ -n "$example" ]; then
  jar=jevent-examples/target/jevent-examples.jar
  extra=
  # Idle connections must not be closed by the server's idle timeout, where the example has one.
  if java -jar "$jar" help 2>/dev/null | grep -q -- '--idle-timeout'; then
    extra=" --idle-timeout 0"
  fi
  server=(--server "java ${SERVER_JAVA_OPTS:-} -jar $jar $example --port 0$extra")
  label="${label:-jevent $example example${SERVER_JAVA_OPTS:+ ($SERVER_JAVA_OPTS)}}"
fi

exec java -Xmx1g -cp jevent-bench/target/benchmarks.jar io.jevent.bench.soak.Soak \
  "${server[@]}" --label "${label:-server}" ${rest[@]+"${rest[@]}"}
