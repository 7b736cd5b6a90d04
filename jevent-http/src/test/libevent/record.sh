#!/bin/sh
# Re-record the libevent 2.1 rule recordings.
#
# Compiles every <program>.c in this directory against the installed
# libevent, runs it three times, checks that the three outputs are
# identical, and writes the output to
# jevent-http/src/test/resources/libevent-2.1/<program>.rules.
#
# Usage: record.sh [program ...]   (default: every program)
# Needs: gcc and libevent 2.1 with its headers (Debian: libevent-dev).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out="$here/../resources/libevent-2.1"
mkdir -p "$out"

if command -v pkg-config >/dev/null 2>&1 &&
    pkg-config --exists libevent libevent_pthreads; then
	flags=$(pkg-config --cflags --libs libevent libevent_pthreads)
	echo "libevent $(pkg-config --modversion libevent)"
else
	flags="-levent -levent_pthreads"
	echo "libevent (pkg-config not available; linking -levent)"
fi

build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT INT TERM

if [ "$#" -gt 0 ]; then
	scenarios="$*"
else
	scenarios=$(cd "$here" && ls *.c | sed 's/\.c$//')
fi

status=0
for s in $scenarios; do
	src="$here/$s.c"
	if [ ! -f "$src" ]; then
		echo "no such scenario: $s" >&2
		status=1
		continue
	fi
	# $flags is split into words on purpose.
	# shellcheck disable=SC2086
	gcc -std=gnu11 -Wall -Wextra -O1 -I"$here" -o "$build/$s" "$src" \
	    $flags -lpthread
	for run in 1 2 3; do
		if ! "$build/$s" >"$build/$s.$run"; then
			echo "$s: run $run failed" >&2
			status=1
			continue 2
		fi
	done
	if ! cmp -s "$build/$s.1" "$build/$s.2" ||
	    ! cmp -s "$build/$s.1" "$build/$s.3"; then
		echo "$s: output differs between runs, not recorded" >&2
		diff "$build/$s.1" "$build/$s.2" >&2 || true
		status=1
		continue
	fi
	cp "$build/$s.1" "$out/$s.rules"
	echo "recorded $s.rules ($(wc -l <"$out/$s.rules") lines)"
done
exit $status
