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

# The load: tls-load.c on OpenSSL, much cheaper per message than the servers, so that they set the
# rate; without gcc and OpenSSL's headers the JDK's SSLEngine in this JVM does, at about the
# servers' own cost per message.
if ! echo '#include <openssl/ssl.h>' | gcc -E - >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing libssl-dev to build the C TLS load generator..."
    (apt-get update -qq && apt-get install -y -qq libssl-dev) >/dev/null 2>&1 || true
  fi
fi
load=()
if command -v gcc >/dev/null 2>&1 \
    && gcc -O2 -o jevent-bench/target/tls-load jevent-bench/src/main/c/tls-load.c -lssl -lcrypto 2>/dev/null; then
  echo "load generator: C (tls-load.c, $(jevent-bench/target/tls-load --version))"
  load=(--load jevent-bench/target/tls-load)
else
  echo "load generator: Java (TlsEchoLoad), since gcc or libssl-dev is missing; it costs about as much CPU"
  echo "  per message as the servers, so the rates are partly its limit"
fi

# The servers pin themselves to CPU 0; the load (the C one, or this JVM) runs on CPU 1.
pin=()
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
  pin=(taskset -c 1)
fi

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"${pin[@]}" java -Xms256m -Xmx256m -cp jevent-bench/target/benchmarks.jar io.jevent.bench.echo.TlsEchoComparison \
  "${mode[@]}" "${load[@]}" --out jevent-bench/target/tls-echo-comparison.md
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
