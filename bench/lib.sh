# Helpers shared by the bench scripts (sourced, not run).

# wait_for_line TIMEOUT FILE TEXT: returns as soon as a line containing TEXT is written to FILE.
# tail -F sleeps on inotify, so the line is seen within a millisecond of being written and nothing
# polls beside the program measured. FILE must exist: for a missing file tail polls once a second.
# Until the eleventh session both benches polled the files (every 50 and 20 ms), which added half
# the interval on average to every tool's time.
wait_for_line() {
  local found=0 follower
  exec {FOLLOW}< <(exec tail -n +1 -F "$2" 2>/dev/null)
  follower=$!
  timeout "$1" grep -m1 -q -F -- "$3" <&"$FOLLOW" && found=1
  exec {FOLLOW}<&-
  kill "$follower" 2>/dev/null || true
  ((found))
}
