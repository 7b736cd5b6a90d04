#!/usr/bin/env bash
# The TLS echo comparison: jevent's TLS BufferEvent against Netty's SslHandler, both on the JDK's
# SSLEngine, TLS 1.3 with TLS_AES_128_GCM_SHA256 and one self-signed certificate.
# Usage: jevent-bench/run-tls.sh [--quick]
#   --quick   one short run of each scenario: a smoke test of the harness
#   (none)    five interleaved runs per server and scenario (about three minutes)
# The report is printed and written to jevent-bench/target/tls-echo-comparison.md.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=()
if [ "${1:-}" = "--quick" ]; then
  mode=(--quick)
fi

mvn -B -q package -DskipTests

# The servers pin themselves to CPU 0; the TLS load runs in this JVM, on CPU 1.
pin=()
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
  pin=(taskset -c 1)
fi

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"${pin[@]}" java -Xms256m -Xmx256m -cp jevent-bench/target/benchmarks.jar io.jevent.bench.echo.TlsEchoComparison \
  "${mode[@]}" --out jevent-bench/target/tls-echo-comparison.md
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
