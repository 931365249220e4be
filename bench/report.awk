# bench/run's report: medians of the measurements as markdown tables.
#   awk -f report.awk MODES SERVERS RAW
# MODES has lines "id|label|unit", SERVERS "id|name", in the report's order;
# RAW has bench/run's lines: server=ID modeid=ID rep=N tries=N disturbed=0|1
# followed by the loadgen's key=value pairs (or failed=1).
BEGIN { FS = "|" }
FILENAME == ARGV[1] { nm++; mid[nm] = $1; mlabel[$1] = $2; munit[$1] = $3; next }
FILENAME == ARGV[2] { ns++; sid[ns] = $1; sname[$1] = $2; next }
{
  n = split($0, f, " ")
  split("", v)
  for (i = 1; i <= n; i++) { p = index(f[i], "="); v[substr(f[i], 1, p - 1)] = substr(f[i], p + 1) }
  k = v["modeid"] SUBSEP v["server"]
  if (v["failed"] + 0) { failed[k]++; next }
  runs[k]++
  again[k] += v["tries"] - 1
  if (v["disturbed"] + 0) dist[k]++
  if (v["mode"] == "idle") { add(k, "rss", v["rss_per_conn_b"]); next }
  add(k, "rate", v["rate"])
  add(k, "cpu", v["cpu_per_op_us"])
  add(k, "client", v["client_cpu_s"] / v["secs"])
  if (v["p50_us"] != "") { add(k, "p50", v["p50_us"]); add(k, "p99", v["p99_us"]) }
}

function add(k, m, x) { val[k, m, ++cnt[k, m]] = x + 0 }

function med(k, m,    n, i, j, t, a) {
  n = cnt[k, m]
  if (!n) return ""
  for (i = 1; i <= n; i++) a[i] = val[k, m, i]
  for (i = 2; i <= n; i++)
    for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}

function num(x) {
  if (x == "") return "-"
  return x >= 100 ? sprintf("%.0f", x) : x >= 10 ? sprintf("%.1f", x) : sprintf("%.2f", x)
}

function ratio(x, base) { return (x == "" || base == "" || base == 0) ? "-" : sprintf("%.2f", x / base) }

# A median some of whose runs other load disturbed, or that failed, says so.
function mark(k) { return (failed[k] ? " (failed " failed[k] "x)" : "") (dist[k] ? " *" : "") }

function is_idle(m) { return munit[m] == "B" }

function head(title,    j) {
  printf "| %s |", title
  for (j = 1; j <= ns; j++) printf " %s |", sname[sid[j]]
  printf "\n|---|"
  for (j = 1; j <= ns; j++) printf "---:|"
  printf "\n"
}

# One summary table: metric (cpu or rate) as a ratio to raw epoll, whose own
# cell holds the figure itself.
function summary(metric,    i, j, m, s, k, base, x) {
  head("mode")
  for (i = 1; i <= nm; i++) {
    m = mid[i]
    if (is_idle(m) && metric == "rate") continue
    printf "| %s |", mlabel[m]
    base = ("epoll" in sname) ? med(m SUBSEP "epoll", metric) : ""
    for (j = 1; j <= ns; j++) {
      s = sid[j]; k = m SUBSEP s
      if (is_idle(m)) { x = med(k, "rss"); printf " %s |", (x == "" ? "-" : sprintf("%.0f B", x)) mark(k); continue }
      x = med(k, metric)
      if (s == "epoll" || base == "") printf " %s %s |", num(x), unit_word(m) mark(k)
      else printf " %s |", ratio(x, base) mark(k)
    }
    printf "\n"
  }
  printf "\n"
}

function cpu_unit(m) { return "µs/" munit[m] }
function rate_unit(m) { return munit[m] "/s" }
function unit_word(m) { return metric_now == "cpu" ? cpu_unit(m) : rate_unit(m) }

function detail(m,    j, s, k, base_r, base_c, note) {
  printf "#### %s\n\n", mlabel[m]
  printf "| server | %s/s | ratio | server CPU µs/%s | ratio | p50 µs | p99 µs | loadgen CPU | runs |\n", munit[m], munit[m]
  printf "|---|---:|---:|---:|---:|---:|---:|---:|---|\n"
  base_r = med(m SUBSEP "epoll", "rate"); base_c = med(m SUBSEP "epoll", "cpu")
  for (j = 1; j <= ns; j++) {
    s = sid[j]; k = m SUBSEP s
    note = runs[k] + 0
    if (again[k]) note = note ", " again[k] " again"
    if (dist[k]) note = note ", " dist[k] " disturbed *"
    if (failed[k]) note = note ", " failed[k] " failed"
    printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", sname[s], num(med(k, "rate")),
      ratio(med(k, "rate"), base_r), num(med(k, "cpu")), ratio(med(k, "cpu"), base_c),
      num(med(k, "p50")), num(med(k, "p99")), num(med(k, "client")), note
  }
  printf "\n"
}

END {
  print "### Server CPU per operation, as a ratio to raw epoll (lower is better)\n"
  metric_now = "cpu"; summary("cpu")
  print "### Throughput, as a ratio to raw epoll (higher is better)\n"
  metric_now = "rate"; summary("rate")
  print "### Each mode: medians\n"
  for (i = 1; i <= nm; i++) if (!is_idle(mid[i])) detail(mid[i])
  print "`*`: at least one run had other load in its window (each was made up to 5 times)."
  print "Idle rows: server RSS growth (VmRSS) per connection after each echoed one byte.\n"
}
