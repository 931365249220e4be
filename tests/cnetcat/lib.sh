# Helpers for the cnetcat tests (sourced by run.sh). The peers are Debian's
# netcat-openbsd (`nc`) and `socat`; everything is on loopback, every
# listener binds port 0 and says which port it got on stderr, and each step
# waits for the line or the exit that the step before causes (read from a
# FIFO: no sleeps, no polling). A hang is ended by ctest's timeout.

. "$(dirname "$0")/../lib/proc.sh"

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
