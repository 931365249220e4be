# Process helpers for the shell tests (sourced): a temporary directory
# removed at exit with the processes started here, and steps that wait for
# a line a process prints or for its exit (read from a FIFO: no sleeps, no
# polling). A hang is ended by ctest's timeout.

tmp=$(mktemp -d)
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  for f in "$tmp"/*.log; do
    [ -s "$f" ] && { echo "--- $(basename "$f")" >&2; cat "$f" >&2; }
  done
  exit 1
}

# spawn FD NAME IN OUT CMD...: runs CMD <IN >OUT in the background, its
# stderr readable on FD (3..9) for `await`; ${NAME}_pid is its pid. It
# inherits none of this shell's descriptors 3..9 (a held FIFO's writing end
# would keep its reader from ever seeing the end).
spawn() {
  fd=$1 name=$2 in=$3 out=$4
  shift 4
  mkfifo "$tmp/$name.err"
  # stderr first: IN and OUT may be FIFOs whose other end opens later
  "$@" 2>"$tmp/$name.err" <"$in" >"$out" 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
  eval "${name}_pid=$!"
  pids="$pids $!"
  eval "exec $fd<\"\$tmp/\$name.err\""
}

# await FD NAME PATTERN: reads FD's lines (kept in NAME.log) until one
# matches the shell PATTERN, and prints it; fails when FD ends first.
await() {
  while IFS= read -r line <&"$1"; do
    printf '%s\n' "$line" >>"$tmp/$2.log"
    case $line in $3) printf '%s\n' "$line"; return 0 ;; esac
  done
  fail "$2 ended without a line like '$3'"
}

# drain FD NAME: keeps reading FD into NAME.log until its writer exits.
drain() {
  cat <&"$1" >>"$tmp/$2.log" 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
  eval "${2}_drain=$!"
}

# finish NAME EXPECTED: waits for NAME's process (and for NAME.log to have
# all its stderr); its status must be EXPECTED.
finish() {
  eval "p=\$${1}_pid d=\${${1}_drain:-}"
  rc=0
  wait "$p" || rc=$?
  [ -z "$d" ] || wait "$d"
  [ "$rc" = "$2" ] || fail "$1 exited with $rc, expected $2"
}

# pipe_to NAME CMD: $pipe is a FIFO read by CMD in the background, its
# output in the file NAME (so that what writes to $pipe writes to a pipe,
# not a file): `pipe_to x.sum sha256sum`, `pipe_to x cat`. `wait $pipe_pid`
# once the writer is done.
pipe_to() {
  pipe=$tmp/$1.fifo
  mkfifo "$pipe"
  "$2" <"$pipe" >"$tmp/$1" 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
  pipe_pid=$!
  pids="$pids $!"
}

# hold NAME FD: a FIFO NAME whose writing end this shell keeps open on FD, so
# that its reader sees no end of input until `release FD`.
hold() {
  mkfifo "$tmp/$1"
  eval "exec $2<>\"\$tmp/\$1\""
}
release() { eval "exec $1>&-"; }
