#!/bin/sh
# usage: tests/examples/run.sh CASE EXAMPLES-DIR CHAT-DRIVER
# Runs the programs of examples/ and checks what they print or do; each
# case_NAME below is the test examples.NAME. The programs run under
# $CNET_WRAP (valgrind) when it is set, and must exit with status 0. Output
# is compared with tests/examples/NAME.out, ports written PORT and the
# temporary directory TMP. Everything is on loopback; servers bind port 0.
set -eu
CASE=$1
BIN=$2
DRIVER=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/proc.sh"
. "$here/../lib/expect.sh"
W=${CNET_WRAP:-}
export LC_ALL=C

out() { echo "$here/$1.out"; }

# alone NAME [FILTER]: an example that runs by itself (its server and
# clients in one process), its output through FILTER.
alone() {
  rc=0
  $W "$BIN/$1" >"$tmp/out" 2>"$tmp/stderr.log" || rc=$?
  [ "$rc" = 0 ] || fail "$1 exited with $rc"
  ${2:-cat} <"$tmp/out" >"$tmp/filtered"
  expect "$(out "$1")" "$tmp/filtered"
}
# Its server's `connection` and its client's `connect` come in the same
# turn of the loop, in either order: the lines are compared sorted.
case_echo_demo() { alone echo_demo sort; }
case_happy_eyeballs() { alone happy_eyeballs; }
case_guarded_server() { alone guarded_server; }
case_onread_reader() { alone onread_reader; }
case_embed_libuv() { alone embed_libuv; }

# Two workers, one client each (which worker answers first varies: sorted).
case_workers_echo() {
  rc=0
  $W "$BIN/workers_echo" --demo >"$tmp/out" 2>"$tmp/stderr.log" || rc=$?
  [ "$rc" = 0 ] || fail "workers_echo exited with $rc"
  sed 's/127\.0\.0\.1:[0-9]*/127.0.0.1:PORT/' "$tmp/out" | sort >"$tmp/filtered"
  expect "$(out workers_echo)" "$tmp/filtered"
}

# serve NAME CMD...: a server in the background, its stdout and stderr on
# fd 5 for `await` (and in NAME.log); ${NAME}_pid is its pid.
serve() {
  name=$1
  shift
  spawn 5 "$name" /dev/null /dev/null sh -c 'exec "$@" >&2' sh "$@"
}

# echo_server and echo_client, in two processes. SIGTERM closes the server.
case_echo() {
  serve server $W "$BIN/echo_server" 0 127.0.0.1
  port=$(await 5 server 'server bound on port *')
  drain 5 server
  $W "$BIN/echo_client" "${port##* }" 127.0.0.1 >"$tmp/client" 2>"$tmp/client.log" ||
    fail "echo_client exited with $?"
  kill -TERM "$server_pid"
  finish server 0
  # the echo comes in the greeting's read or in one of its own: the lines count
  tr -d '\r' <"$tmp/client" | grep -v '^$' >"$tmp/client.lines"
  expect "$(out echo_client)" "$tmp/client.lines"
  expect "$(out echo_server)" "$tmp/server.log"
}

# ipc_service, spoken to by Debian's nc over its Unix socket.
case_ipc_service() {
  command -v nc >/dev/null || fail "nc not found (scripts/deps installs netcat-openbsd)"
  sock=$tmp/ctl.sock
  serve service $W "$BIN/ipc_service" "$sock"
  await 5 service 'listening on *' >/dev/null
  drain 5 service
  mode=$(stat -c %a "$sock")
  case $mode in
    *[67][67]) ;; # readableAll, writableAll: group and others may read and write it
    *) fail "socket mode $mode: not readable and writable by all" ;;
  esac
  printf 'ping\nstats\nfrobnicate\nstop\n' | nc -N -U "$sock" >"$tmp/replies" 2>"$tmp/nc.log" ||
    fail "nc exited with $?"
  finish service 0
  [ ! -e "$sock" ] || fail "the socket file is left behind"
  expect "$(out ipc_replies)" "$tmp/replies"
  expect "$(out ipc_service)" "$tmp/service.log"
}

# chat_server, run twice by a driver of cnet clients (chat_driver.c) that
# prints what happens; the server runs under $CNET_WRAP too (tests/run.sh).
case_chat_server() {
  rc=0
  $W "$DRIVER" sh "$here/../run.sh" "$BIN/chat_server" >"$tmp/out" 2>"$tmp/stderr.log" || rc=$?
  [ "$rc" = 0 ] || { cat "$tmp/out" >&2; fail "chat_driver exited with $rc"; }
  expect "$(out chat_server)" "$tmp/out"
}

# slowloris_server, spoken to by nc: an honest request is served. The slow
# clients it is for (silent, trickling, with and without a deadline) are
# unit.test_slowloris's, which runs it too.
case_slowloris_server() {
  command -v nc >/dev/null || fail "nc not found (scripts/deps installs netcat-openbsd)"
  serve server $W "$BIN/slowloris_server" --idle 500 --deadline 1500 0
  port=$(await 5 server 'listening on port *')
  printf 'hello\n' | nc -N 127.0.0.1 "${port##* }" >"$tmp/reply" 2>"$tmp/nc.log" ||
    fail "nc exited with $?"
  await 5 server 'closed port *' >/dev/null
  drain 5 server
  kill -TERM "$server_pid"
  finish server 0
  printf 'ok 6\n' >"$tmp/expected.reply"
  cmp -s "$tmp/expected.reply" "$tmp/reply" || fail "reply: $(cat "$tmp/reply")"
  expect "$(out slowloris_server)" "$tmp/server.log"
}

# Every example has a case here.
case_all_tested() {
  for src in "$here"/../../examples/*.c; do
    name=$(basename "$src" .c)
    grep -q -e "\$BIN/$name\"" -e "alone $name\b" "$0" || fail "examples/$name.c has no test in $0"
  done
}

"case_$CASE"
