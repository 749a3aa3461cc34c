# Shared helpers for bench/load.sh and bench/soak.sh (sourced, not run).
# Only loopback addresses; every wait is bounded.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT_DIR="${OUT_DIR:-$REPO_ROOT/bench/out}"
BOT_DLL="$REPO_ROOT/src/IndBot/bin/Release/net10.0/indbot.dll"
NOOP_DLL="$REPO_ROOT/tests/IndBot.NoopEndpoint/bin/Release/net10.0/indbot-noop.dll"
STARTED_PIDS=()

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

ensure_wrk() {
  if command -v wrk >/dev/null 2>&1; then return; fi
  log "wrk is missing: installing the Debian package"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get install -y wrk >/dev/null 2>&1 || { $sudo apt-get update >/dev/null && $sudo apt-get install -y wrk >/dev/null; }
  command -v wrk >/dev/null 2>&1 || { echo "could not install wrk" >&2; exit 1; }
}

build_release() {
  log "building Release: $*"
  for project in "$@"; do
    dotnet build -c Release --nologo -v q "$REPO_ROOT/$project" >"$OUT_DIR/build-$(basename "$project").log" 2>&1 \
      || { tail -30 "$OUT_DIR/build-$(basename "$project").log" >&2; echo "build of $project failed" >&2; exit 1; }
  done
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_process NAME DLL PORT → sets LAST_PID; stdout/stderr go to $OUT_DIR/NAME.log
start_process() {
  local name="$1" dll="$2" port="$3"
  port_free "$port" || { echo "port $port on 127.0.0.1 is in use (set BOT_PORT/NOOP_PORT)" >&2; exit 1; }
  # The load comes from one address over a few conversations: switch the per-conversation and per-address rate limits
  # off, or most requests would measure the "you're sending messages very quickly" reply instead of answers.
  (cd "$REPO_ROOT" && RateLimits__PerConversationPerMinute=0 RateLimits__PerIpPerMinute=0 \
    exec dotnet "$dll" --urls "http://127.0.0.1:$port") >"$OUT_DIR/$name.log" 2>&1 &
  LAST_PID=$!
  STARTED_PIDS+=("$LAST_PID")
}

stop_process() {
  local pid="$1"
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  for pid in "${STARTED_PIDS[@]}"; do stop_process "$pid"; done
}

# wait_healthy PORT PID [TIMEOUT_S]: polls GET /healthz until 200.
wait_healthy() {
  local port="$1" pid="$2" timeout="${3:-60}" deadline
  deadline=$(( $(date +%s) + timeout ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    kill -0 "$pid" 2>/dev/null || { echo "process $pid exited; see $OUT_DIR" >&2; exit 1; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/healthz")" = 200 ] && return 0
    sleep 0.05
  done
  echo "no healthy /healthz on port $port within ${timeout}s" >&2; exit 1
}

# ask PORT TEXT [LOCALE]: one expectReplies turn; prints the response body, fails unless HTTP 200.
ask() {
  local port="$1" text="$2" locale="${3:-en-US}"
  curl -s --fail --max-time 5 -H 'Content-Type: application/json' "http://127.0.0.1:$port/api/messages" \
    -d "{\"type\":\"message\",\"id\":\"probe\",\"channelId\":\"directline\",\"serviceUrl\":\"http://127.0.0.1:9/\",\"from\":{\"id\":\"probe-user\"},\"recipient\":{\"id\":\"indbot\"},\"conversation\":{\"id\":\"probe-$RANDOM\"},\"locale\":\"$locale\",\"deliveryMode\":\"expectReplies\",\"text\":\"$text\"}"
}

rss_mb() { awk '{ printf "%.0f", $1 / 1024 }' <<<"$(ps -o rss= -p "$1")"; }

# wrk output helpers: value of "Requests/sec:", a latency percentile in ms, error counters.
wrk_rps() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$1"; }
wrk_pct_ms() {
  awk -v p="$2%" '$1 == p {
    v = $2; unit = v; sub(/^[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
    if (unit == "us") v /= 1000; else if (unit == "s") v *= 1000; else if (unit == "m") v *= 60000
    printf "%.2f", v }' "$1"
}
wrk_non2xx() { awk '/Non-2xx or 3xx responses:/ { n = $NF } END { print n + 0 }' "$1"; }
wrk_socket_errors() { awk '/Socket errors:/ { gsub(/,/, ""); n = $4 + $6 + $8 + $10 } END { print n + 0 }' "$1"; }
wrk_requests() { awk '/requests in/ { print $1 }' "$1"; }
