#!/bin/sh
# usage: tests/cnetcat/run.sh CNETCAT CASE
# cnetcat against real peers no one here wrote: Debian's netcat-openbsd and
# socat, in both directions, over TCP (127.0.0.1, ::1) and Unix sockets.
# The cases are the functions below; CMake runs each as cnetcat.CASE.
#
# netcat-openbsd stops sending once it reads the peer's FIN, so it is never
# made to send after cnetcat's FIN: transfers from nc reach a cnetcat whose
# stdin stays open until it has finished. socat half-closes properly, and
# carries the duplex transfers.
set -eu
CNETCAT=$1
CASE=$2
here=$(dirname "$0")
. "$here/lib.sh"

# ---- transfers: random bytes, checked by sha256 ----

# cnetcat connects and sends; nc listens and receives. cnetcat's stdin
# ends: its FIN ends nc, whose close ends cnetcat.
to_nc() { # ADDR
  random a
  pipe_to nc.sum sha256sum
  listen_nc /dev/null "$pipe" "$1"
  cn "$1" "$port" <"$tmp/a" >"$tmp/cn.out" 2>"$tmp/cn.log" || fail "cnetcat exited with $?"
  finish nc 0
  wait "$pipe_pid"
  same "nc received" "$tmp/a" "$tmp/nc.sum"
  [ ! -s "$tmp/cn.out" ] || fail "cnetcat printed what nc never sent"
}
case_tcp4_to_nc() { to_nc 127.0.0.1; }
case_tcp6_to_nc() { to_nc ::1; }

# nc connects and sends, then its FIN (-N); cnetcat listens, its stdout a
# pipe. The peer's FIN ends cnetcat while its stdin is still open.
from_nc() { # ADDR
  random a
  hold in 8
  pipe_to cn.out cat
  listen_cn "$tmp/in" "$pipe" "$1" 0
  drain 5 cn
  nc -n -N "$1" "$port" <"$tmp/a" >"$tmp/nc.out" 2>"$tmp/nc.log" || fail "nc exited with $?"
  finish cn 0
  wait "$pipe_pid"
  release 8
  same "cnetcat received" "$tmp/a" "$tmp/cn.out"
}
case_tcp4_from_nc() { from_nc 127.0.0.1; }
case_tcp6_from_nc() { from_nc ::1; }

# Both ways at once with socat, which listens; cnetcat's stdin is a pipe
# and its stdout a file.
socat_duplex_listener() { # SOCAT-LISTEN-ADDRESS CONNECT-HOST
  random a
  random b
  pipe_to socat.sum sha256sum
  listen_socat "$tmp/b" "$pipe" "$1" STDIO
  if [ -n "$2" ]; then set -- "$2" "$port"; else set -- -U "$3"; fi
  cat "$tmp/a" | cn --half-open "$@" >"$tmp/cn.out" 2>"$tmp/cn.log" || fail "cnetcat exited with $?"
  finish socat 0
  wait "$pipe_pid"
  same "socat received" "$tmp/a" "$tmp/socat.sum"
  same "cnetcat received" "$tmp/b" "$tmp/cn.out"
}
case_tcp4_duplex_socat_listens() { socat_duplex_listener TCP4-LISTEN:0,bind=127.0.0.1 127.0.0.1; }
case_tcp6_duplex_socat_listens() { socat_duplex_listener "TCP6-LISTEN:0,bind=[::1]" ::1; }
case_unix_duplex_socat_listens() { socat_duplex_listener "UNIX-LISTEN:$tmp/s.sock" "" "$tmp/s.sock"; }
case_abstract_duplex_socat_listens() {
  name=cnetcat-test-$$
  socat_duplex_listener "ABSTRACT-LISTEN:$name" "" "@$name"
}

# Both ways at once with socat, which connects; cnetcat listens, its stdin
# a file and its stdout a pipe.
socat_duplex_connector() { # CNETCAT-LISTEN-ARGS... (socat's address in $connect)
  random a
  random b
  pipe_to cn.out cat
  listen_cn "$tmp/a" "$pipe" --half-open "$@"
  drain 5 cn
  case $listening in
    *" port "*) target="$connect:$port" ;;
    *) target=$connect ;;
  esac
  socat -t 60 STDIO "$target" <"$tmp/b" 2>"$tmp/socat.log" | sha256sum >"$tmp/socat.sum"
  finish cn 0
  wait "$pipe_pid"
  same "cnetcat received" "$tmp/b" "$tmp/cn.out"
  same "socat received" "$tmp/a" "$tmp/socat.sum"
}
case_tcp4_duplex_socat_connects() { connect=TCP4:127.0.0.1; socat_duplex_connector 127.0.0.1 0; }
case_tcp6_duplex_socat_connects() { connect="TCP6:[::1]"; socat_duplex_connector ::1 0; }
case_unix_duplex_socat_connects() { connect="UNIX-CONNECT:$tmp/c.sock"; socat_duplex_connector -U "$tmp/c.sock"; }
case_abstract_duplex_socat_connects() {
  connect="ABSTRACT-CONNECT:cnetcat-test-$$"
  socat_duplex_connector -U "@cnetcat-test-$$"
}

# Unix sockets with nc, each way.
case_unix_to_nc() {
  random a
  pipe_to nc.sum sha256sum
  spawn 5 nc /dev/null "$pipe" nc -l -v -U "$tmp/n.sock"
  await 5 nc 'Listening on *' >/dev/null
  drain 5 nc
  cn -U "$tmp/n.sock" <"$tmp/a" >"$tmp/cn.out" 2>"$tmp/cn.log" || fail "cnetcat exited with $?"
  finish nc 0
  wait "$pipe_pid"
  same "nc received" "$tmp/a" "$tmp/nc.sum"
}
case_unix_from_nc() {
  random a
  hold in 8
  listen_cn "$tmp/in" "$tmp/cn.out" -U "$tmp/n.sock"
  drain 5 cn
  nc -N -U "$tmp/n.sock" <"$tmp/a" >"$tmp/nc.out" 2>"$tmp/nc.log" || fail "nc exited with $?"
  finish cn 0
  release 8
  same "cnetcat received" "$tmp/a" "$tmp/cn.out"
}

# ---- half-close ----

# cnetcat's FIN first: socat's child reads to the end of what cnetcat sends,
# which only cnetcat's FIN ends, and then answers; cnetcat, having ended
# its side, still reads the answer and the peer's FIN.
case_fin_after_stdin() {
  random a 1
  listen_socat /dev/null /dev/null TCP4-LISTEN:0,bind=127.0.0.1 \
    SYSTEM:"cat >$tmp/peer.got; printf answer-after-your-FIN"
  cn 127.0.0.1 "$port" <"$tmp/a" >"$tmp/cn.out" 2>"$tmp/cn.log" || fail "cnetcat exited with $?"
  finish socat 0
  same "the peer received" "$tmp/a" "$tmp/peer.got"
  [ "$(cat "$tmp/cn.out")" = answer-after-your-FIN ] || fail "cnetcat printed '$(cat "$tmp/cn.out")'"
}

# The peer's FIN first, cnetcat's stdin still open: without --half-open the
# FIN ends cnetcat's stdout and cnetcat itself (its side ends too, as
# Node's allowHalfOpen false), and nothing of stdin is sent.
case_peer_fin_ends() {
  printf 'greeting' >"$tmp/greeting"
  hold in 8
  listen_nc "$tmp/greeting" "$tmp/nc.out" -N 127.0.0.1
  spawn 6 cn "$tmp/in" "$tmp/cn.out" $CN -v 127.0.0.1 "$port"
  drain 6 cn
  finish cn 0 # while this shell still holds cnetcat's stdin open
  finish nc 0
  printf 'too late' >&8
  release 8
  [ "$(cat "$tmp/cn.out")" = greeting ] || fail "cnetcat printed '$(cat "$tmp/cn.out")'"
  [ ! -s "$tmp/nc.out" ] || fail "nc received '$(cat "$tmp/nc.out")'"
}

# The same with --half-open: the peer's FIN ends cnetcat's stdout (its
# reader sees the end) while cnetcat keeps sending stdin until its end.
case_half_open_keeps_sending() {
  printf 'greeting' >"$tmp/greeting"
  hold in 8
  listen_nc "$tmp/greeting" "$tmp/nc.out" -N 127.0.0.1
  mkfifo "$tmp/cn.pipe"
  spawn 6 cn "$tmp/in" "$tmp/cn.pipe" $CN -v --half-open 127.0.0.1 "$port"
  drain 6 cn
  got=$(cat "$tmp/cn.pipe") # returns at the end of cnetcat's stdout
  [ "$got" = greeting ] || fail "cnetcat printed '$got'"
  kill -0 "$cn_pid" || fail "cnetcat exited at the peer's FIN despite --half-open"
  printf 'sent after your FIN' >&8
  release 8
  finish cn 0
  finish nc 0
  [ "$(cat "$tmp/nc.out")" = "sent after your FIN" ] || fail "nc received '$(cat "$tmp/nc.out")'"
}

# A listener's half-close: socat sends and ends first; cnetcat -l stops.
case_listener_peer_fin_ends() {
  printf 'from socat' >"$tmp/greeting"
  hold in 8
  listen_cn "$tmp/in" "$tmp/cn.out" 127.0.0.1 0
  drain 5 cn
  socat -t 60 STDIO TCP4:127.0.0.1:"$port" <"$tmp/greeting" >"$tmp/socat.out" 2>"$tmp/socat.log" ||
    fail "socat exited with $?"
  finish cn 0
  release 8
  [ "$(cat "$tmp/cn.out")" = "from socat" ] || fail "cnetcat printed '$(cat "$tmp/cn.out")'"
  [ ! -s "$tmp/socat.out" ] || fail "socat received '$(cat "$tmp/socat.out")'"
}

# ---- options ----

# --local-address: the connection comes from it (nc says so, and -v).
case_local_address() {
  listen_nc /dev/null "$tmp/nc.out" 127.0.0.1
  echo hello | cn -v --local-address 127.0.0.2 127.0.0.1 "$port" >/dev/null 2>"$tmp/cn.log" ||
    fail "cnetcat exited with $?"
  finish nc 0
  grep -q "^cnetcat: connect to 127.0.0.1 port $port from 127.0.0.2 port [0-9]*\$" "$tmp/cn.log" ||
    fail "cnetcat said '$(cat "$tmp/cn.log")'"
  grep -q '^Connection received on 127.0.0.2 ' "$tmp/nc.log" || fail "nc saw another address"
  [ "$(cat "$tmp/nc.out")" = hello ] || fail "nc received '$(cat "$tmp/nc.out")'"
}

# ---- errors ----

# A refused connect: the port of an established connection, on which
# nothing listens (so nothing can take it meanwhile).
case_refused() {
  hold nc.in 8
  listen_nc "$tmp/nc.in" /dev/null 127.0.0.1
  hold cn.in 9
  spawn 6 cn "$tmp/cn.in" /dev/null $CN -v 127.0.0.1 "$port"
  line=$(await 6 cn 'cnetcat: connect to * from 127.0.0.1 port *')
  held=${line##* }
  rc=0
  cn 127.0.0.1 "$held" </dev/null >"$tmp/refused.out" 2>"$tmp/refused.log" || rc=$?
  [ "$rc" = 1 ] || fail "a refused connect exited with $rc"
  [ "$(cat "$tmp/refused.log")" = "cnetcat: connect ECONNREFUSED 127.0.0.1:$held" ] ||
    fail "a refused connect said '$(cat "$tmp/refused.log")'"
  release 9
  drain 6 cn
  finish cn 0
  release 8
  finish nc 0
}

case_refused_unix() {
  rc=0
  cn -U "$tmp/none.sock" </dev/null 2>"$tmp/enoent.log" || rc=$?
  [ "$rc" = 1 ] || fail "a connect to a missing path exited with $rc"
  [ "$(cat "$tmp/enoent.log")" = "cnetcat: connect ENOENT $tmp/none.sock" ] ||
    fail "a connect to a missing path said '$(cat "$tmp/enoent.log")'"
  rc=0
  cn -U "@cnetcat-test-none-$$" </dev/null 2>"$tmp/abstract.log" || rc=$?
  [ "$rc" = 1 ] || fail "a connect to an abstract name nobody listens on exited with $rc"
  grep -q '^cnetcat: connect ECONNREFUSED ' "$tmp/abstract.log" ||
    fail "a connect to an abstract name said '$(cat "$tmp/abstract.log")'"
}

# --block on a connect: the blocked attempt fails before any SYN (nc, which
# takes one connection, gets the next, allowed one).
blocked_connect() { # ADDR RULE
  listen_nc /dev/null "$tmp/nc.out" "$1"
  rc=0
  echo blocked | cn --block "$2" "$1" "$port" >/dev/null 2>"$tmp/blocked.log" || rc=$?
  [ "$rc" = 1 ] || fail "a blocked connect exited with $rc"
  [ "$(cat "$tmp/blocked.log")" = "cnetcat: IP($1) is blocked by net.BlockList" ] ||
    fail "a blocked connect said '$(cat "$tmp/blocked.log")'"
  echo allowed | cn --block 10.0.0.0/8 "$1" "$port" >/dev/null 2>"$tmp/cn.log" || fail "cnetcat exited with $?"
  finish nc 0
  [ "$(cat "$tmp/nc.out")" = allowed ] || fail "nc received '$(cat "$tmp/nc.out")'"
}
case_blocked_connect_subnet() { blocked_connect 127.0.0.1 127.0.0.0/8; }
case_blocked_connect_ipv6() { blocked_connect ::1 ::1; }

# --block on a listener: a peer in the range is closed without becoming the
# connection; the next one, from 127.0.0.2, is served.
case_blocked_peer() {
  printf 'from a blocked peer' >"$tmp/blocked"
  printf 'from an allowed peer' >"$tmp/allowed"
  listen_cn /dev/null "$tmp/cn.out" --block 127.0.0.1-127.0.0.1 127.0.0.1 0
  nc -n -N 127.0.0.1 "$port" <"$tmp/blocked" >"$tmp/nc1.out" 2>"$tmp/nc1.log" || true
  [ ! -s "$tmp/nc1.out" ] || fail "the blocked peer received '$(cat "$tmp/nc1.out")'"
  nc -n -N -s 127.0.0.2 127.0.0.1 "$port" <"$tmp/allowed" >"$tmp/nc2.out" 2>"$tmp/nc2.log" ||
    fail "nc exited with $?"
  line=$(await 5 cn 'cnetcat: #* connection from *')
  drain 5 cn
  finish cn 0
  [ "$line" = "cnetcat: #1 connection from 127.0.0.2 port ${line##* }" ] || fail "cnetcat said '$line'"
  [ "$(cat "$tmp/cn.out")" = "from an allowed peer" ] || fail "cnetcat printed '$(cat "$tmp/cn.out")'"
}

# -w: a connection that stays idle is closed, with status 1.
case_idle_timeout() {
  hold nc.in 8
  listen_nc "$tmp/nc.in" /dev/null 127.0.0.1
  hold cn.in 9
  rc=0
  cn -w 0.2 127.0.0.1 "$port" <"$tmp/cn.in" >/dev/null 2>"$tmp/cn.log" || rc=$?
  [ "$rc" = 1 ] || fail "an idle timeout exited with $rc"
  [ "$(cat "$tmp/cn.log")" = "cnetcat: idle for 0.2 s: closing" ] || fail "an idle timeout said '$(cat "$tmp/cn.log")'"
  release 9
  finish nc 0
  release 8
}

# A lookup that fails: a 64-byte label, which getaddrinfo refuses before any
# query is sent.
case_lookup_error() {
  name=$(printf '%064d' 0 | tr 0 a).invalid
  rc=0
  cn -v "$name" 80 </dev/null 2>"$tmp/cn.log" || rc=$?
  [ "$rc" = 1 ] || fail "a failed lookup exited with $rc"
  printf '%s\n' "cnetcat: lookup $name: getaddrinfo ENOTFOUND $name" "cnetcat: getaddrinfo ENOTFOUND $name" \
    "cnetcat: close (had error)" >"$tmp/expected"
  diff -u "$tmp/expected" "$tmp/cn.log" >&2 || fail "a failed lookup printed something else"
}

# The command line: --help, and errors with status 1.
case_usage() {
  cn --help >"$tmp/help" || fail "--help exited with $?"
  grep -q '^usage: cnetcat \[options\] HOST PORT' "$tmp/help" || fail "--help printed no usage"
  bad() { # EXPECTED-FIRST-LINE ARGS...
    want=$1
    shift
    rc=0
    cn "$@" </dev/null >/dev/null 2>"$tmp/err" || rc=$?
    [ "$rc" = 1 ] || fail "cnetcat $* exited with $rc"
    [ "$(head -n 1 "$tmp/err")" = "$want" ] || fail "cnetcat $* said '$(head -n 1 "$tmp/err")', not '$want'"
  }
  bad "cnetcat: missing HOST and PORT"
  bad "cnetcat: missing PORT" 127.0.0.1
  bad "cnetcat: missing PORT" -l
  bad "cnetcat: not a port number: '65536'" 127.0.0.1 65536
  bad "cnetcat: cannot connect to port 0" 127.0.0.1 0
  bad "cnetcat: -k needs -l" -k 127.0.0.1 80
  bad "cnetcat: -4: '::1' is not an IPv4 address" -4 ::1 80
  bad "cnetcat: -n: 'example.test' is not an IP address" -n example.test 80
  bad "cnetcat: --block '10.0.0.0/33': The value of \"prefix\" is out of range. It must be >= 0 && <= 32. Received 33" \
    --block 10.0.0.0/33 127.0.0.1 80
  bad "cnetcat: --idle-timeout: not a number of seconds: 'soon'" -w soon 127.0.0.1 80
  bad "cnetcat: -s/-p: not for a Unix socket" -U -s 127.0.0.1 "$tmp/x.sock"
}

# A listen on a port in use fails with Node's error.
case_listen_in_use() {
  listen_nc /dev/null /dev/null 127.0.0.1
  rc=0
  cn -l 127.0.0.1 "$port" </dev/null >/dev/null 2>"$tmp/cn.log" || rc=$?
  [ "$rc" = 1 ] || fail "a listen on a port in use exited with $rc"
  [ "$(cat "$tmp/cn.log")" = "cnetcat: listen EADDRINUSE: address already in use 127.0.0.1:$port" ] ||
    fail "a listen on a port in use said '$(cat "$tmp/cn.log")'"
  echo done | nc -n -N 127.0.0.1 "$port" >/dev/null
  finish nc 0
}

# A reader of stdout that goes away: the next write fails with EPIPE, and
# cnetcat says so and exits 1 (netcat would die of SIGPIPE).
case_stdout_closed() {
  random a 4
  hold socat.in 8
  listen_socat "$tmp/socat.in" /dev/null TCP4-LISTEN:0,bind=127.0.0.1 OPEN:"$tmp/a"
  hold cn.in 9
  {
    rc=0
    cn 127.0.0.1 "$port" <"$tmp/cn.in" 2>"$tmp/cn.log" || rc=$?
    echo "$rc" >"$tmp/cn.rc"
  } | head -c 10 >"$tmp/head.out"
  [ "$(cat "$tmp/cn.rc")" = 1 ] || fail "cnetcat exited with $(cat "$tmp/cn.rc") after its stdout closed"
  [ "$(cat "$tmp/cn.log")" = "cnetcat: stdout: broken pipe" ] || fail "cnetcat said '$(cat "$tmp/cn.log")'"
  [ "$(wc -c <"$tmp/head.out")" = 10 ] || fail "the reader got $(wc -c <"$tmp/head.out") bytes"
  release 9
  release 8
  wait "$socat_pid" || true # its write failed: status 1
}

# --keep-alive arms the kernel's keep-alive timer on the connection (ss
# shows it); without it there is none.
case_keep_alive() {
  command -v ss >/dev/null || fail "ss not found (scripts/deps installs iproute2)"
  hold nc.in 8
  listen_nc "$tmp/nc.in" /dev/null -k 127.0.0.1
  hold cn.in 9
  spawn 6 with "$tmp/cn.in" /dev/null $CN -v --keep-alive 7 127.0.0.1 "$port"
  with=$(await 6 with 'cnetcat: connect to *')
  spawn 7 without "$tmp/cn.in" /dev/null $CN -v 127.0.0.1 "$port"
  without=$(await 7 without 'cnetcat: connect to *')
  ss -Htno state established "( sport = :${with##* } )" >"$tmp/ss.with"
  ss -Htno state established "( sport = :${without##* } )" >"$tmp/ss.without"
  grep -q 'timer:(keepalive' "$tmp/ss.with" || fail "no keep-alive timer: $(cat "$tmp/ss.with")"
  ! grep -q 'timer:(keepalive' "$tmp/ss.without" || fail "a keep-alive timer without --keep-alive"
  drain 6 with
  drain 7 without
  release 9
  finish with 0
  finish without 0
  kill "$nc_pid"
  wait "$nc_pid" || true # -k: ended by the signal
  release 8
}

# ---- listening for more ----

# -k with --max-connections 1: a second peer while the first is connected
# is dropped; a third, after the first has gone, is served. stdin goes to
# the connections open at the time; SIGTERM ends the listener cleanly.
case_max_connections() {
  hold cn.in 9
  listen_cn "$tmp/cn.in" "$tmp/cn.out" -k --max-connections 1 127.0.0.1 0
  hold a.in 8
  mkfifo "$tmp/a.pipe"
  spawn 6 a "$tmp/a.in" "$tmp/a.pipe" nc -n -N 127.0.0.1 "$port"
  exec 7<"$tmp/a.pipe"
  drain 6 a
  printf 'first\n' >&8
  await 5 cn 'cnetcat: #1 connection from 127.0.0.1 port *' >/dev/null
  printf 'second\n' >"$tmp/b.in"
  nc -n -N 127.0.0.1 "$port" <"$tmp/b.in" >"$tmp/b.out" 2>"$tmp/b.log" || true
  await 5 cn 'cnetcat: drop 127.0.0.1 port * (maxConnections)' >/dev/null
  [ ! -s "$tmp/b.out" ] || fail "the dropped peer received '$(cat "$tmp/b.out")'"
  printf 'to the clients\n' >&9
  IFS= read -r got <&7 || fail "the first peer's connection ended"
  [ "$got" = "to the clients" ] || fail "the first peer received '$got'"
  release 8
  await 5 cn 'cnetcat: #1 close' >/dev/null
  finish a 0
  printf 'third\n' >"$tmp/c.in"
  nc -n -N 127.0.0.1 "$port" <"$tmp/c.in" >"$tmp/c.out" 2>"$tmp/c.log" || fail "nc exited with $?"
  await 5 cn 'cnetcat: #2 close' >/dev/null
  drain 5 cn
  kill -TERM "$cn_pid"
  finish cn 0
  release 9
  printf 'first\nthird\n' >"$tmp/expected"
  diff -u "$tmp/expected" "$tmp/cn.out" >&2 || fail "cnetcat printed something else"
}

case "$CASE" in
  *[!a-z0-9_]*) fail "bad case name $CASE" ;;
esac
command -v "case_$CASE" >/dev/null || fail "no case $CASE"
"case_$CASE"
echo "ok: cnetcat $CASE"
