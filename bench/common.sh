# Shared helpers for bench/load.sh and bench/soak.sh (sourced, not run).
# Only loopback addresses; every wait is bounded.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT_DIR="${OUT_DIR:-$REPO_ROOT/bench/out}"
PUBLISH_DIR="$OUT_DIR/publish"
BOT_DLL="$PUBLISH_DIR/bot/indbot.dll"
NOOP_DLL="$PUBLISH_DIR/noop/indbot-noop.dll"
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

# publish_release PROJECT NAME: the form the bot is deployed in (README "Production"): Release, ReadyToRun
# (precompiled, so start-up and the first minutes under load do not wait for the JIT), framework-dependent.
publish_release() {
  local project="$1" name="$2" rid
  if [ "${REUSE_PUBLISH:-0}" = 1 ] && [ -d "$PUBLISH_DIR/$name" ]; then log "reusing $PUBLISH_DIR/$name"; return; fi
  case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
  log "publishing Release ReadyToRun ($rid): $project"
  rm -rf "${PUBLISH_DIR:?}/$name"
  dotnet publish "$REPO_ROOT/$project" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
    -o "$PUBLISH_DIR/$name" --nologo -v q >"$OUT_DIR/publish-$name.log" 2>&1 \
    || { tail -30 "$OUT_DIR/publish-$name.log" >&2; echo "publish of $project failed" >&2; exit 1; }
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_process NAME DLL PORT [VAR=VALUE...] → sets LAST_PID; stdout/stderr go to $OUT_DIR/NAME.log
start_process() {
  local name="$1" dll="$2" port="$3"
  shift 3
  port_free "$port" || { echo "port $port on 127.0.0.1 is in use (set BOT_PORT/NOOP_PORT)" >&2; exit 1; }
  # The load comes from one address over a few conversations: switch the per-conversation and per-address rate limits
  # off, or most requests would measure the "you're sending messages very quickly" reply instead of answers.
  # Run from the published folder, as deployed: it is the content root (configuration, knowledge/, data/). From the
  # repository root, ASP.NET Core's configuration reload would watch the whole tree (node_modules, bin, obj: thousands
  # of directories), which costs start-up time a deployed bot does not pay.
  (cd "$(dirname "$dll")" && exec env RateLimits__PerConversationPerMinute=0 RateLimits__PerIpPerMinute=0 "$@" \
    dotnet "$dll" --urls "http://127.0.0.1:$port") >"$OUT_DIR/$name.log" 2>&1 &
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

# is_answer: reads a response body; true when it holds a message that is not the bot's error reply (which is also a
# message: it is what a turn gets when something fails, e.g. the knowledge never loaded).
is_answer() {
  local body
  body=$(cat)
  grep -q '"type":"message"' <<<"$body" && ! grep -q 'something went wrong\|ging bij ons iets mis' <<<"$body"
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
