#!/bin/sh
# usage: tests/guide/run.sh NAME PROGRAM   run docs/guide/NAME.c, built as PROGRAM
#        tests/guide/run.sh NAME --node    run docs/guide/NAME.js under Node v23.5.0
#        tests/guide/run.sh text           docs/guide.md's programs are the files
#        tests/guide/run.sh sync           copies the files into docs/guide.md
# A program's output, ports written PORT, must be docs/guide/NAME.out: the
# C program and its Node twin print the same. kv_server is a server: it is
# driven by Debian's nc, and its transcript is compared. Exits 77 (skipped,
# said so) when Node is asked for and cannot be had.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/../lib/proc.sh"
. "$here/../lib/expect.sh"

# The guide: each ```c, ```js and ```text block comes right after a line
# <!-- file: PATH --> (or output: PATH) and is that file, byte for byte;
# each program and output of docs/guide/ is in the guide.
check_text() {
  mkdir "$tmp/blocks"
  awk -v dir="$tmp/blocks" '
    /^```(c|js|text)$/ && !inside {
      if (prev !~ /^<!-- (file|output): [^ ]+ -->$/) {
        print "line " NR ": a block with no <!-- file: PATH --> line before it"
        bad = 1
      }
      path = prev; sub(/^<!-- (file|output): /, "", path); sub(/ -->$/, "", path)
      n++; out = dir "/" n; print path > (dir "/" n ".path"); printf "" > out
      inside = 1; next
    }
    /^```/ && inside { inside = 0; close(out); next }
    inside { print > out; next }
    { prev = $0 }
    END { exit bad }' "$root/docs/guide.md" >"$tmp/text.log" || fail "docs/guide.md: $(cat "$tmp/text.log")"
  for p in "$tmp"/blocks/*.path; do
    path=$(cat "$p")
    [ -f "$root/$path" ] || fail "docs/guide.md quotes $path, which does not exist"
    if ! cmp -s "$root/$path" "${p%.path}"; then
      diff -u "$root/$path" "${p%.path}" >&2 || true
      fail "docs/guide.md's copy of $path differs from the file (tests/guide/run.sh sync)"
    fi
    echo "$path" >>"$tmp/quoted"
  done
  for f in "$root"/docs/guide/*.c "$root"/docs/guide/*.js "$root"/docs/guide/*.out; do
    grep -qx "docs/guide/${f##*/}" "$tmp/quoted" || fail "docs/guide.md does not show docs/guide/${f##*/}"
  done
  echo "docs/guide.md: $(wc -l <"$tmp/quoted") blocks, each the file it names"
}

# After a program changed: its copy in the guide becomes the file again.
sync_text() {
  awk -v root="$root" '
    /^```(c|js|text)$/ && !inside && prev ~ /^<!-- (file|output): [^ ]+ -->$/ {
      print
      path = prev; sub(/^<!-- (file|output): /, "", path); sub(/ -->$/, "", path)
      while ((getline line < (root "/" path)) > 0) print line
      close(root "/" path)
      inside = 1; next
    }
    /^```/ && inside { inside = 0 }
    inside { next }
    { print; prev = $0 }' "$root/docs/guide.md" >"$tmp/guide.md"
  cp "$tmp/guide.md" "$root/docs/guide.md"
}

# The command that runs NAME: the C program under $CNET_WRAP, or Node.
command_for() { # NAME PROGRAM|--node
  if [ "$2" = --node ]; then
    oracle=${CNET_ORACLE:-$root/../shared/tools/node-oracle}
    node=$("$oracle" 2>/dev/null) || { echo "SKIP: node-oracle unavailable ($oracle)"; exit 77; }
    echo "$node $root/docs/guide/$1.js"
  else
    echo "${CNET_WRAP:-} $2"
  fi
}

# kv_server.out: the server's log, then what two clients got, one after
# the other; SIGTERM closes the server.
check_kv() { # COMMAND...
  command -v nc >/dev/null || fail "nc not found (scripts/deps installs netcat-openbsd)"
  spawn 5 server /dev/null /dev/null sh -c 'exec "$@" >&2' sh "$@" 0
  port=$(await 5 server 'listening on port *')
  drain 5 server
  printf 'SET greeting hello, world\nGET greeting\nGET nothing\nSET  x\nFROB x\n' |
    nc -N 127.0.0.1 "${port##* }" >"$tmp/one" 2>"$tmp/nc.log" || fail "nc exited with $?"
  printf 'GET greeting\nDEL greeting\nDEL greeting\nSET a b  c\nGET a\n' |
    nc -N 127.0.0.1 "${port##* }" >"$tmp/two" 2>>"$tmp/nc.log" || fail "nc exited with $?"
  kill -TERM "$server_pid"
  finish server 0
  {
    cat "$tmp/server.log"
    echo "-- first client" && cat "$tmp/one"
    echo "-- second client" && cat "$tmp/two"
  } >"$tmp/out"
  expect "$root/docs/guide/kv_server.out" "$tmp/out"
}

case $1 in
  text) check_text ;;
  sync) sync_text ;;
  kv_server) check_kv $(command_for "$@") ;;
  *)
    rc=0
    $(command_for "$@") >"$tmp/out" 2>"$tmp/stderr.log" || rc=$?
    [ "$rc" = 0 ] || fail "$1 exited with $rc"
    expect "$root/docs/guide/$1.out" "$tmp/out"
    ;;
esac
