#!/bin/sh
# HTTP hello world under wrk: jevent-http against Netty's HTTP codec, one server thread each,
# on 127.0.0.1. Prints wrk's summary for each and the ratio of requests per second.
#
# Usage: jevent-bench/http.sh [SECONDS] [CONNECTIONS]   (default: 10 s, 64 connections)
# Needs: wrk (apt-get install wrk). Builds the benchmarks jar first.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-10}
conns=${2:-64}
command -v wrk >/dev/null 2>&1 || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
mvn -B -q -pl jevent-bench -am package -DskipTests
jar=jevent-bench/target/benchmarks.jar
port=18181
results=""
for server in jevent netty; do
	java -Xms256m -Xmx256m -XX:+UseParallelGC -cp "$jar" io.jevent.bench.http.HelloServer "$server" "$port" &
	pid=$!
	# The server prints its first line once it listens; give the JVM a moment to get there.
	for _ in $(seq 50); do
		if wrk -t1 -c1 -d1s "http://127.0.0.1:$port/" >/dev/null 2>&1; then break; fi
		sleep 0.2
	done
	wrk -t1 -c"$conns" -d5s "http://127.0.0.1:$port/" >/dev/null   # warm-up
	out=$(wrk -t1 -c"$conns" -d"${seconds}s" --latency "http://127.0.0.1:$port/")
	echo "== $server"
	echo "$out"
	rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
	results="$results $server=$rps"
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	port=$((port + 1))
done
echo "requests/s:$results"
echo "$results" | awk '{split($1,a,"="); split($2,b,"="); printf "jevent/netty = %.2f\n", a[2]/b[2]}'
