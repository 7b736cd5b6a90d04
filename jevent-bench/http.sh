#!/usr/bin/env bash
# HTTP hello world under wrk: jevent-http, Netty's HTTP codec on NIO and on native epoll, and the
# real libevent's evhttp (built here when gcc and libevent-dev are present). Every server runs one
# loop thread, its process pinned to CPU 0; wrk runs one thread pinned to CPU 1. Two scenarios, 50
# connections each: keep-alive (one request in flight per connection) and pipelined (16 in flight,
# src/main/lua/pipeline.lua). Runs are interleaved across servers, repeat by repeat, so that load
# from elsewhere falls on all of them alike; the report gives the median, the spread, the ratios of
# medians, the server process's CPU time per request (user and system, from /proc: unlike the rate,
# it hardly depends on what else runs on the machine), how busy each of the two CPUs was (a run
# whose wrk CPU is near 100 % measured the load generator, not the server) and the bytes the Java
# servers' loop threads allocate per request. jevent runs the backend AUTO picks (NIO on JDK 17,
# io_uring on JDK 22+); on JDK 22+ jevent-completion adds io_uring's completion-based socket I/O.
#
# With a third argument, QUOTA, each server may use only QUOTA percent of one CPU (a CFS quota, set
# through the cgroup file system, so it needs root): the server, not wrk, then sets the pace, and the
# ratio of rates is a ratio of requests per second of CPU. Warm-up runs without the quota.
#
# Usage: jevent-bench/http.sh [SECONDS] [REPEATS] [QUOTA]   (default: 5 s per run, 5 repeats, no quota)
# Needs: wrk (apt-get install wrk). The report is printed and written to
# jevent-bench/target/http/http-comparison.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
repeats=${2:-5}
quota=${3:-}
if [ -n "$quota" ] && ! { [[ "$quota" =~ ^[0-9]+$ ]] && [ "$quota" -ge 1 ] && [ "$quota" -le 100 ]; }; then
  echo "QUOTA is a percentage of one CPU, 1 to 100, not '$quota'" >&2
  exit 2
fi
conns=50
depth=16
command -v wrk >/dev/null 2>&1 || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
mvn -B -q -pl jevent-bench -am package -DskipTests
jar=jevent-bench/target/benchmarks.jar
lua=jevent-bench/src/main/lua/pipeline.lua
work=jevent-bench/target/http
mkdir -p "$work"
rm -f "$work"/*.log "$work"/*.in "$work/runs.txt"

servers=(jevent)
java_major=$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
if [ "${java_major:-17}" -ge 22 ]; then
  servers+=(jevent-completion)
fi
servers+=(netty-nio netty-epoll)
if command -v gcc >/dev/null 2>&1 \
    && gcc -O2 -o "$work/libevent-hello" jevent-bench/src/main/c/libevent-hello.c -levent 2>/dev/null; then
  servers+=(libevent)
else
  echo "libevent evhttp server: skipped (needs gcc and libevent-dev)" >&2
fi

pin_server=()
pin_load=()
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
  pin_server=(taskset -c 0)
  pin_load=(taskset -c 1)
fi

# The CPU-limited group the servers are moved into when a quota is given: cgroup v2's cpu.max, else
# v1's cfs quota.
group=""
limit_cpu() {
  local pct=$1
  if [ -w /sys/fs/cgroup/cgroup.subtree_control ]; then
    group=/sys/fs/cgroup/jevent-http-bench
    echo +cpu >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null || true
    mkdir -p "$group"
    echo "$((pct * 1000)) 100000" >"$group/cpu.max"
  elif [ -d /sys/fs/cgroup/cpu ] && mkdir -p /sys/fs/cgroup/cpu/jevent-http-bench 2>/dev/null; then
    group=/sys/fs/cgroup/cpu/jevent-http-bench
    echo 100000 >"$group/cpu.cfs_period_us"
    echo "$((pct * 1000))" >"$group/cpu.cfs_quota_us"
  else
    echo "cannot limit the servers' CPU: no writable cgroup file system (run as root)" >&2
    exit 2
  fi
}
# Moves a server process, all its threads, into the group.
enter_group() {
  echo "$1" >"$group/cgroup.procs"
}

declare -A pid port fd
cleanup() {
  for s in "${!pid[@]}"; do
    kill "${pid[$s]}" 2>/dev/null || true
    wait "${pid[$s]}" 2>/dev/null || true
  done
  rm -f "$work"/*.in
  if [ -n "$group" ]; then
    rmdir "$group" 2>/dev/null || true
  fi
}
trap cleanup EXIT

# Starts a server in the background and waits (up to 30 s) for its "ready PORT" line.
start() {
  local s=$1 log="$work/$1.log"
  if [ "$s" = libevent ]; then
    "${pin_server[@]}" "$work/libevent-hello" </dev/null >"$log" 2>&1 &
    pid[$s]=$!
  else
    mkfifo "$work/$s.in"
    # The flags let jevent's AUTO pick a native backend on JDK 22+ (they change nothing on JDK 17).
    "${pin_server[@]}" java -Xms512m -Xmx512m -XX:+UseParallelGC -Dio.netty.leakDetection.level=disabled \
      --add-exports java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED -cp "$jar" io.jevent.bench.http.HelloServer "$s" 0 <"$work/$s.in" >"$log" 2>&1 &
    pid[$s]=$!
    local f
    exec {f}>"$work/$s.in"
    fd[$s]=$f
  fi
  for _ in $(seq 300); do
    if grep -qs '^ready ' "$log"; then
      port[$s]=$(awk '/^ready / {print $2; exit}' "$log")
      return
    fi
    sleep 0.1
  done
  echo "$s did not start:" >&2
  cat "$log" >&2
  exit 1
}

# Prints "ALLOCATED REQUESTS" of a Java server's loop thread, or "0 0" for the C one.
stats() {
  local s=$1 log="$work/$1.log"
  if [ "$s" = libevent ]; then
    echo "0 0"
    return
  fi
  local n
  n=$(grep -c '^stats ' "$log" || true)
  echo stats >&"${fd[$s]}"
  for _ in $(seq 100); do
    if [ "$(grep -c '^stats ' "$log" || true)" -gt "$n" ]; then
      awk '/^stats / {a = $2; r = $3} END {print a, r}' "$log"
      return
    fi
    sleep 0.05
  done
  echo "$s did not answer stats" >&2
  exit 1
}

# Prints the server process's user and system CPU time so far, in clock ticks (USER_HZ, 100 a second).
cpu() {
  awk '{print $14, $15}' "/proc/${pid[$1]}/stat"
}

# Prints "BUSY0 ALL0 BUSY1 ALL1": the clock ticks CPU 0 (the server's) and CPU 1 (wrk's) have spent
# busy, and in all, so far.
cores() {
  awk '$1 == "cpu0" || $1 == "cpu1" {all = 0; for (i = 2; i <= NF; i++) all += $i; printf "%d %d ", all - $5 - $6, all}
       END {print ""}' /proc/stat
}

load() {
  local s=$1 scenario=$2 duration=$3
  local args=(-t1 -c"$conns" -d"${duration}s" --latency)
  if [ "$scenario" = pipelined ]; then
    args+=(-s "$lua")
  fi
  args+=("http://127.0.0.1:${port[$s]}/")
  if [ "$scenario" = pipelined ]; then
    args+=(-- "$depth")
  fi
  "${pin_load[@]}" wrk "${args[@]}"
}

for s in "${servers[@]}"; do
  start "$s"
done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Warm-up: long enough for the JIT compilers to finish, whose CPU time would count as the server's.
for s in "${servers[@]}"; do
  if [ "$s" != libevent ]; then
    for scenario in keepalive pipelined; do
      load "$s" "$scenario" 8 >/dev/null
    done
  fi
done
if [ -n "$quota" ]; then
  limit_cpu "$quota"
  for s in "${servers[@]}"; do
    enter_group "${pid[$s]}"
  done
fi
for r in $(seq "$repeats"); do
  for scenario in keepalive pipelined; do
    for s in "${servers[@]}"; do
      read -r a0 q0 <<<"$(stats "$s")"
      read -r u0 k0 <<<"$(cpu "$s")"
      read -r b0 t0 c0 d0 <<<"$(cores)"
      out=$(load "$s" "$scenario" "$seconds")
      read -r b1 t1 c1 d1 <<<"$(cores)"
      read -r u1 k1 <<<"$(cpu "$s")"
      read -r a1 q1 <<<"$(stats "$s")"
      rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
      requests=$(echo "$out" | awk '/ requests in / {print $1}')
      cpu_us=$(awk -v u="$((u1 - u0))" -v k="$((k1 - k0))" -v n="$requests" \
        'BEGIN {printf "%.2f %.2f", u * 10000 / n, k * 10000 / n}')
      p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
      errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {printf "%s;", $0}')
      bpr=$(awk -v a="$((a1 - a0))" -v q="$((q1 - q0))" 'BEGIN {print (q > 0 ? a / q : "-")}')
      busy=$(awk -v b="$((b1 - b0))" -v t="$((t1 - t0))" -v c="$((c1 - c0))" -v d="$((d1 - d0))" \
        'BEGIN {printf "%.0f %.0f", b * 100 / t, c * 100 / d}')
      echo "$scenario $s $r $rps $p99 $bpr $cpu_us $busy ${errors:-none}" | tee -a "$work/runs.txt"
    done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average after: $load_after"

{
  echo "wrk -t1 -c$conns, ${seconds} s per run, $repeats interleaved repeats; pipelined: depth $depth."
  echo "Servers pinned to CPU 0${pin_server[*]:+ (taskset)}${quota:+, each limited to $quota % of it}, wrk to CPU 1; $(nproc) CPUs; load average after: $load_after."
  echo "$(java -version 2>&1 | head -1); backends:$(for s in "${servers[@]}"; do
    [ "$s" = libevent ] || printf ' %s: %s;' "$s" "$(awk '/^ready / {print $3; exit}' "$work/$s.log")"; done)"
  echo
  awk -v servers="${servers[*]}" '
    function median(list,   v, n, i, j, t) {
      n = split(list, v, " ")
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    function spread(list,   v, n, i, lo, hi) {
      n = split(list, v, " "); lo = hi = v[1]
      for (i = 2; i <= n; i++) { if (v[i] < lo) lo = v[i]; if (v[i] > hi) hi = v[i] }
      return (hi - lo) / median(list) * 100
    }
    {
      rps[$1, $2] = rps[$1, $2] " " $4; usr[$1, $2] = usr[$1, $2] " " $7; sys[$1, $2] = sys[$1, $2] " " $8
      cpu[$1, $2] = cpu[$1, $2] " " ($7 + $8); c0[$1, $2] = c0[$1, $2] " " $9; c1[$1, $2] = c1[$1, $2] " " $10
      if ($6 != "-") bpr[$1, $2] = bpr[$1, $2] " " $6
    }
    END {
      ns = split(servers, sv, " ")
      print "| scenario | server | median req/s | spread | jevent / server | server CPU µs/request, user + sys | jevent / server by CPU | CPU busy, server / wrk | B/request |"
      print "|---|---|---|---|---|---|---|---|---|"
      for (k = 1; k <= 2; k++) {
        sc = k == 1 ? "keepalive" : "pipelined"
        j = median(rps[sc, "jevent"]); jc = median(cpu[sc, "jevent"])
        for (i = 1; i <= ns; i++) {
          s = sv[i]; m = median(rps[sc, s])
          printf "| %s | %s | %.0f | %.0f%% | %.2f | %.2f + %.2f | %.2f | %.0f%% / %.0f%% | %s |\n", sc, s, m,
            spread(rps[sc, s]), j / m, median(usr[sc, s]), median(sys[sc, s]), median(cpu[sc, s]) / jc,
            median(c0[sc, s]), median(c1[sc, s]), (sc, s) in bpr ? sprintf("%.1f", median(bpr[sc, s])) : "-"
        }
      }
    }' "$work/runs.txt"
} | tee "$work/http-comparison.md"
