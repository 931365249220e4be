# Helpers for the cnetcat tests (sourced by run.sh). The peers are Debian's
# netcat-openbsd (`nc`) and `socat`; everything is on loopback, every
# listener binds port 0 and says which port it got on stderr, and each step
# waits for the line or the exit that the step before causes (read from a
# FIFO: no sleeps, no polling). A hang is ended by ctest's timeout.

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

for tool in nc socat sha256sum; do
  command -v "$tool" >/dev/null || fail "$tool not found (scripts/deps installs netcat-openbsd and socat)"
done

# Transfers are 100 MB each way. Under CNET_WRAP (valgrind), where cnetcat
# runs some 50 times slower, they are scaled down to 4 MB: the same code
# paths (many reads, backpressure on both sides), in bounded time.
if [ -n "${CNET_WRAP:-}" ]; then
  MB=4
  echo "transfers scaled from 100 MB to $MB MB under CNET_WRAP"
else
  MB=100
fi

# cnetcat runs under CNET_WRAP; in a plain run, with its address space
# capped at 64 MB, several times what it needs: without backpressure it
# would hold much of a 100 MB transfer, and fail. (valgrind and ASan
# reserve far more address space than that, so they run uncapped.)
CN="${CNET_WRAP:-}"
if [ -z "$CN" ] && ! ldd "$CNETCAT" 2>/dev/null | grep -q libasan; then
  printf '#!/bin/sh\nulimit -v 65536\nexec "$@"\n' >"$tmp/capped"
  chmod +x "$tmp/capped"
  CN=$tmp/capped
fi
CN="${CN:+$CN }$CNETCAT" # as command words: the paths have no spaces
cn() { $CN "$@"; }

# random NAME [MB]: a file of random bytes.
random() { head -c $((${2:-$MB} * 1048576)) /dev/urandom >"$tmp/$1"; }

# same WHAT EXPECTED ACTUAL: ACTUAL holds EXPECTED's bytes, or is a .sum
# file with their sha256 (from pipe_to NAME.sum sha256sum).
same() {
  a=$(sha256sum <"$2" | cut -d' ' -f1)
  case $3 in
    *.sum) b=$(cut -d' ' -f1 "$3") ;;
    *) b=$(sha256sum <"$3" | cut -d' ' -f1) ;;
  esac
  [ "$a" = "$b" ] || fail "$1: sha256 $b, expected $a ($(wc -c <"$2") bytes)"
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

# listen_nc IN OUT [OPTIONS...] ADDR: nc listens on ADDR, port 0 (then
# $port), with -n -v and OPTIONS; its stderr is on fd 5, drained.
listen_nc() {
  lin=$1 lout=$2
  shift 2
  spawn 5 nc "$lin" "$lout" nc -l -n -v "$@" 0
  port=$(port_of "$(await 5 nc 'Listening on *')")
  drain 5 nc
}

# listen_socat IN OUT ADDRESS ADDRESS: socat -t 60 (it waits that long at
# most for the second direction's end) with a listening ADDRESS; then $port
# for TCP. Its stderr is on fd 5, drained.
listen_socat() {
  lin=$1 lout=$2
  shift 2
  spawn 5 socat "$lin" "$lout" socat -d -d -t 60 "$@"
  port=$(port_of "$(await 5 socat '*listening on*')")
  drain 5 socat
}

# listen_cn IN OUT ARGS...: cnetcat -l -v ARGS, up to its `listening` line
# ($listening; $port for TCP); its stderr is on fd 5, for more `await`s.
listen_cn() {
  lin=$1 lout=$2
  shift 2
  spawn 5 cn "$lin" "$lout" $CN -l -v "$@"
  listening=$(await 5 cn 'cnetcat: listening on *')
  port=$(port_of "$listening")
}

# The port a listener announced: nc's "Listening on ADDR PORT", cnetcat's
# "cnetcat: listening on ADDR port PORT", socat's "listening on AF=2 ADDR:PORT".
port_of() {
  case $1 in
    *socat*) echo "${1##*:}" ;;
    *) echo "${1##* }" ;;
  esac
}
