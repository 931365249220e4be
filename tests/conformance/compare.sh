#!/bin/sh
# usage: compare.sh GOLDEN PROGRAM [ARGS...]   run a C port, diff its trace with GOLDEN
#        compare.sh GOLDEN --node SCRIPT.js    run the Node script under the oracle, diff likewise
# CNET_WRAP (e.g. valgrind ...) is put before a C port.
# Exits 77 (ctest: skipped) when the oracle is asked for and cannot be had,
# or when the case itself prints a first line "SKIP: why" and exits 77.
golden=$1; shift
if [ "$1" = "--node" ]; then
  shift
  oracle=${CNET_ORACLE:-$(dirname "$0")/../../../shared/tools/node-oracle}
  node=$("$oracle" 2>/dev/null) || { echo "SKIP: node-oracle unavailable ($oracle)"; exit 77; }
  set -- "$node" "$@"
else
  set -- $CNET_WRAP "$@"
fi
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
"$@" >"$out" 2>&1
rc=$?
# A case that cannot run here says why on its first line and exits 77.
if [ "$rc" = 77 ] && head -n 1 "$out" | grep -q '^SKIP:'; then head -n 1 "$out"; exit 77; fi
echo "exit $rc" >>"$out"
if diff -u "$golden" "$out"; then exit 0; fi
echo "FAIL: trace differs from $golden" >&2
exit 1
