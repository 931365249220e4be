#!/bin/sh
# ctest's oracle.diff_vectors: the answers recorded here must still be what
# Node v23.5.0 answers (gen_diff.js check: the slice, all with CNET_LONG=1).
# Exits 77 (ctest: skipped) when the oracle cannot be had, as compare.sh does.
dir=$(dirname "$0")
oracle=${CNET_ORACLE:-$dir/../../../../shared/tools/node-oracle}
node=$("$oracle" 2>/dev/null) || { echo "SKIP: node-oracle unavailable ($oracle)"; exit 77; }
exec "$node" "$dir/gen_diff.js" check "$@"
