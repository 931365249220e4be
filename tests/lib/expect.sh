# Output comparison for the shell tests (sourced after proc.sh): ports are
# written PORT and the temporary directory TMP, so that a run's output can
# be kept in a file of the tree.

scrub() { sed -E -e "s|$tmp|TMP|g" -e 's/(port |:)[0-9]{4,5}\b/\1PORT/g'; }

# expect EXPECTED FILE: FILE, scrubbed, is the file EXPECTED.
expect() {
  scrub <"$2" >"$tmp/scrubbed"
  diff -u "$1" "$tmp/scrubbed" || fail "not what $1 holds"
}
