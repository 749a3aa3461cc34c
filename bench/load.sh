#!/usr/bin/env bash
# End-to-end load on loopback: the bot's POST /api/messages (deliveryMode expectReplies) against a no-op ASP.NET Core
# endpoint with the same JSON stack (tests/IndBot.NoopEndpoint), so the bot's throughput is a ratio of what this
# machine can do. Also cold start (process start → first answered message) and RSS after load.
#
#   bash bench/load.sh                     # ~6 minutes; raw output in bench/out/
#   DURATION=30s WARMUP=30s CONNECTIONS=16 THREADS=2 BOT_PORT=39780 NOOP_PORT=39781 UNCACHED_PORT=39782 ROUNDS=2 COLD_RUNS=3 bash bench/load.sh
#   REUSE_PUBLISH=1 ...                    # keep bench/out/publish from the last run (a quick check of the script)
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
UNCACHED_PORT="${UNCACHED_PORT:-39782}"
ROUNDS="${ROUNDS:-2}"
COLD_RUNS="${COLD_RUNS:-3}"
LUA="$REPO_ROOT/bench/messages.lua"

mkdir -p "$OUT_DIR"
trap cleanup EXIT INT TERM
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
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

warm_up() { # NAME PORT
  log "wrk warm-up $WARMUP: $1"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$LUA" "http://127.0.0.1:$2/api/messages" >"$OUT_DIR/wrk-$1-warmup.txt"
}

measure() { # NAME PORT FILE
  log "wrk $DURATION: $1"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 5s --latency -s "$LUA" "http://127.0.0.1:$2/api/messages" | tee "$3" >&2
}

# Bot and no-op take turns (ROUNDS each, after one warm-up each), so a noisy minute on a shared machine does not
# land on one side only; the figures are the means over the rounds, p99 the worst round's.
warm_up bot "$BOT_PORT"
warm_up noop "$NOOP_PORT"
for round in $(seq 1 "$ROUNDS"); do
  measure bot "$BOT_PORT" "$OUT_DIR/wrk-bot-$round.txt"
  measure noop "$NOOP_PORT" "$OUT_DIR/wrk-noop-$round.txt"
done
rss_after=$(rss_mb "$bot_pid")
noop_rss_after=$(rss_mb "$noop_pid")
stop_process "$bot_pid"
stop_process "$noop_pid"

# --- The same load with the engine's search cache off: every question is searched as if nobody had asked it before.
start_process bot-uncached "$BOT_DLL" "$UNCACHED_PORT" Knowledge__SearchCacheSize=0
uncached_pid=$LAST_PID
wait_healthy "$UNCACHED_PORT" "$uncached_pid"
warm_up bot-uncached "$UNCACHED_PORT"
measure bot-uncached "$UNCACHED_PORT" "$OUT_DIR/wrk-bot-uncached.txt"

# --- And the same load where no message ever repeats (generated variants): the engine's whole cost on new text.
log "wrk $DURATION: bot, every message new (BENCH_UNIQUE=1)"
BENCH_UNIQUE=1 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 5s --latency -s "$LUA" "http://127.0.0.1:$UNCACHED_PORT/api/messages" \
  | tee "$OUT_DIR/wrk-bot-unique.txt" >&2
stop_process "$uncached_pid"

mean_of() { # PREFIX FUNCTION [ARG]: mean of FUNCTION over the rounds' files
  local values=() round
  for round in $(seq 1 "$ROUNDS"); do values+=("$("$2" "$OUT_DIR/wrk-$1-$round.txt" ${3:+"$3"})"); done
  printf '%s\n' "${values[@]}" | awk '{ s += $1 } END { printf "%.2f", s / NR }'
}
max_of() {
  local values=() round
  for round in $(seq 1 "$ROUNDS"); do values+=("$("$2" "$OUT_DIR/wrk-$1-$round.txt" ${3:+"$3"})"); done
  printf '%s\n' "${values[@]}" | sort -g | tail -1
}
sum_errors() {
  local total=0 round
  for round in $(seq 1 "$ROUNDS"); do
    total=$(( total + $(wrk_non2xx "$OUT_DIR/wrk-$1-$round.txt") + $(wrk_socket_errors "$OUT_DIR/wrk-$1-$round.txt") ))
  done
  echo "$total"
}
per_round=""
for round in $(seq 1 "$ROUNDS"); do
  per_round+="$(awk -v a="$(wrk_rps "$OUT_DIR/wrk-bot-$round.txt")" -v b="$(wrk_rps "$OUT_DIR/wrk-noop-$round.txt")" 'BEGIN { printf "%.2f× ", a / b }')"
done

bot_rps=$(mean_of bot wrk_rps | awk '{ printf "%.0f", $1 }');  noop_rps=$(mean_of noop wrk_rps | awk '{ printf "%.0f", $1 }')
ratio=$(awk -v a="$bot_rps" -v b="$noop_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
uncached_rps=$(wrk_rps "$OUT_DIR/wrk-bot-uncached.txt")
uncached_ratio=$(awk -v a="$uncached_rps" -v b="$noop_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
uncached_p99=$(wrk_pct_ms "$OUT_DIR/wrk-bot-uncached.txt" 99)
bot_p99=$(max_of bot wrk_pct_ms 99)
bot_errors=$(sum_errors bot)
noop_errors=$(sum_errors noop)
verdict() { awk -v v="$1" -v lim="$2" -v dir="$3" 'BEGIN { ok = (dir == "<" ? v < lim : v >= lim); print (ok ? "met" : "**missed**") }'; }
both() { [ "$1" = met ] && [ "$2" = met ] && echo met || echo '**missed**'; }

# The table the README shows; the targets are issue 15's.
{
  echo "| Measure | Bot | No-op endpoint | Target (issue 15) | |"
  echo "|---|---:|---:|---|---|"
  echo "| Throughput (req/s, $CONNECTIONS connections, $THREADS wrk threads, mean of $ROUNDS × $DURATION) | $bot_rps | $noop_rps | | |"
  echo "| Bot / no-op throughput, rotating 20 questions (per round: $per_round) | $ratio× | 1× | ≥ 0.7× | $(verdict "$ratio" 0.7 '>=') |"
  echo "| Throughput during the $WARMUP warm-up, from a cold process (req/s) | $(wrk_rps "$OUT_DIR/wrk-bot-warmup.txt") | $(wrk_rps "$OUT_DIR/wrk-noop-warmup.txt") | | |"
  echo "| Bot without the search cache: throughput (req/s), ratio, p99 (ms) | $uncached_rps, ${uncached_ratio}×, p99 $uncached_p99 | | ≥ 0.5×, p99 < 5 ms | $(both "$(verdict "$uncached_ratio" 0.5 '>=')" "$(verdict "$uncached_p99" 5 '<')") |"
  echo "| Bot, no message ever repeats (generated variants): throughput (req/s), ratio, p50 / p99 (ms) | $(wrk_rps "$OUT_DIR/wrk-bot-unique.txt"), $(awk -v a="$(wrk_rps "$OUT_DIR/wrk-bot-unique.txt")" -v b="$noop_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')×, $(wrk_pct_ms "$OUT_DIR/wrk-bot-unique.txt" 50) / $(wrk_pct_ms "$OUT_DIR/wrk-bot-unique.txt" 99) | | | |"
  echo "| Latency p50 (ms, mean of rounds) | $(mean_of bot wrk_pct_ms 50) | $(mean_of noop wrk_pct_ms 50) | | |"
  echo "| Latency p99 (ms, worst round) | $bot_p99 | $(max_of noop wrk_pct_ms 99) | | |"
  echo "| Errors (non-2xx + socket) | $bot_errors | $noop_errors | 0 | $( [ "$bot_errors" -eq 0 ] && echo met || echo '**missed**') |"
  echo "| Cold start: process start → first answer (ms, median of ${#cold[@]}: ${cold[*]}) | $cold_ms | | < 700 ms | $(verdict "$cold_ms" 700 '<') |"
  echo "| RSS after load (MB) | $rss_after | $noop_rss_after | < 150 MB | $(verdict "$rss_after" 150 '<') |"
  echo
  echo "Load average (1, 5, 15 min) at the start: $load_start; at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT_DIR/load-table.md"
