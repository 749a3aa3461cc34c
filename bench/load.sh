#!/usr/bin/env bash
# End-to-end load on loopback: the bot's POST /api/messages (deliveryMode expectReplies) against a no-op ASP.NET Core
# endpoint with the same JSON stack (tests/IndBot.NoopEndpoint), so the bot's throughput is a ratio of what this
# machine can do. Also cold start (process start → first answered message) and RSS after load.
#
#   bash bench/load.sh                     # ~4 minutes; raw output in bench/out/
#   DURATION=30s CONNECTIONS=16 THREADS=2 BOT_PORT=39780 NOOP_PORT=39781 COLD_RUNS=3 bash bench/load.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DURATION="${DURATION:-30s}"
# JIT tiering (ReadyToRun code → instrumented → optimised) under full load on 2 cores takes about 20 s; the figures
# are the steady state a long-running bot serves. The warm-up's own throughput is reported too.
WARMUP="${WARMUP:-30s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
BOT_PORT="${BOT_PORT:-39780}"
NOOP_PORT="${NOOP_PORT:-39781}"
COLD_RUNS="${COLD_RUNS:-3}"
LUA="$REPO_ROOT/bench/messages.lua"

mkdir -p "$OUT_DIR"
trap cleanup EXIT INT TERM
ensure_wrk
publish_release src/IndBot/IndBot.csproj bot
publish_release tests/IndBot.NoopEndpoint/IndBot.NoopEndpoint.csproj noop

# --- Cold start: process start → first real answer (a 200 with a message that is not the error reply), polling with
# the same question. Median of COLD_RUNS.
cold=()
for run in $(seq 1 "$COLD_RUNS"); do
  start_ns=$(date +%s%N)
  start_process bot "$BOT_DLL" "$BOT_PORT"
  bot_pid=$LAST_PID
  deadline=$(( $(date +%s) + 60 ))
  until ask "$BOT_PORT" "fingerprints when" 2>/dev/null | grep -q 'biometric'; do
    kill -0 "$bot_pid" 2>/dev/null || { echo "the bot exited; see $OUT_DIR/bot.log" >&2; exit 1; }
    [ "$(date +%s)" -lt "$deadline" ] || { echo "no answer within 60 s" >&2; exit 1; }
    sleep 0.01
  done
  end_ns=$(date +%s%N)
  cold+=( $(( (end_ns - start_ns) / 1000000 )) )
  log "cold start run $run: ${cold[-1]} ms"
  if [ "$run" -lt "$COLD_RUNS" ]; then stop_process "$bot_pid"; fi
done
cold_ms=$(printf '%s\n' "${cold[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
wait_healthy "$BOT_PORT" "$bot_pid"

start_process noop "$NOOP_DLL" "$NOOP_PORT"
noop_pid=$LAST_PID
wait_healthy "$NOOP_PORT" "$noop_pid"

# --- Every question in the rotation must get a real answer (200, a message, not the error reply) before we time it.
bad=0
while IFS= read -r line; do
  locale=$(sed -E 's/.*\{ "([^"]+)", "(.*)" \}.*/\1/' <<<"$line")
  text=$(sed -E 's/.*\{ "([^"]+)", "(.*)" \}.*/\2/' <<<"$line")
  if ! ask "$BOT_PORT" "$text" "$locale" 2>/dev/null | is_answer; then
    log "no proper answer for: $text"; bad=$((bad + 1))
  fi
done < <(grep -E '^\s*\{ "(en|nl)-' "$LUA")
[ "$bad" -eq 0 ] || { echo "$bad questions were not answered properly; not measuring" >&2; exit 1; }

run_wrk() { # NAME PORT
  local name="$1" port="$2"
  log "wrk warm-up $WARMUP: $name"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$LUA" "http://127.0.0.1:$port/api/messages" >"$OUT_DIR/wrk-$name-warmup.txt"
  log "wrk $DURATION: $name"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 5s --latency -s "$LUA" "http://127.0.0.1:$port/api/messages" | tee "$OUT_DIR/wrk-$name.txt" >&2
}

run_wrk bot "$BOT_PORT"
rss_after=$(rss_mb "$bot_pid")
run_wrk noop "$NOOP_PORT"
noop_rss_after=$(rss_mb "$noop_pid")

bot_rps=$(wrk_rps "$OUT_DIR/wrk-bot.txt");  noop_rps=$(wrk_rps "$OUT_DIR/wrk-noop.txt")
ratio=$(awk -v a="$bot_rps" -v b="$noop_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
bot_errors=$(( $(wrk_non2xx "$OUT_DIR/wrk-bot.txt") + $(wrk_socket_errors "$OUT_DIR/wrk-bot.txt") ))
noop_errors=$(( $(wrk_non2xx "$OUT_DIR/wrk-noop.txt") + $(wrk_socket_errors "$OUT_DIR/wrk-noop.txt") ))
verdict() { awk -v v="$1" -v lim="$2" -v dir="$3" 'BEGIN { ok = (dir == "<" ? v < lim : v >= lim); print (ok ? "met" : "**missed**") }'; }

{
  echo "| Measure | Bot | No-op endpoint | Target | |"
  echo "|---|---:|---:|---|---|"
  echo "| Throughput (req/s, $CONNECTIONS connections, $THREADS wrk threads, $DURATION) | $bot_rps | $noop_rps | | |"
  echo "| Bot / no-op throughput | $ratio× | 1× | ≥ 0.5× | $(verdict "$ratio" 0.5 '>=') |"
  echo "| Throughput during the $WARMUP warm-up, from a cold process (req/s) | $(wrk_rps "$OUT_DIR/wrk-bot-warmup.txt") | $(wrk_rps "$OUT_DIR/wrk-noop-warmup.txt") | | |"
  echo "| Latency p50 (ms) | $(wrk_pct_ms "$OUT_DIR/wrk-bot.txt" 50) | $(wrk_pct_ms "$OUT_DIR/wrk-noop.txt" 50) | | |"
  echo "| Latency p99 (ms) | $(wrk_pct_ms "$OUT_DIR/wrk-bot.txt" 99) | $(wrk_pct_ms "$OUT_DIR/wrk-noop.txt" 99) | < 10 ms | $(verdict "$(wrk_pct_ms "$OUT_DIR/wrk-bot.txt" 99)" 10 '<') |"
  echo "| Errors (non-2xx + socket) | $bot_errors | $noop_errors | 0 | $( [ "$bot_errors" -eq 0 ] && echo met || echo '**missed**') |"
  echo "| Cold start: process start → first answer (ms, median of ${#cold[@]}: ${cold[*]}) | $cold_ms | | < 2000 ms | $(verdict "$cold_ms" 2000 '<') |"
  echo "| RSS after load (MB) | $rss_after | $noop_rss_after | < 200 MB | $(verdict "$rss_after" 200 '<') |"
} | tee "$OUT_DIR/load-table.md"
