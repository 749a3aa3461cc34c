#!/usr/bin/env bash
# Soak (issue 6 §5): the bot at a steady ~50 req/s for 10 minutes on loopback. Reports errors (non-2xx, socket errors
# and 200s without a proper answer: must all be 0), latency percentiles, and RSS at start, end and peak (must stay flat).
#
#   bash bench/soak.sh                                  # 10 minutes
#   SOAK_DURATION=60s bash bench/soak.sh                # a quick check of the script
#
# wrk2 (constant-rate) is not packaged for Debian, so plain wrk is paced: 4 connections on 1 thread, each waiting
# BENCH_DELAY_MS (default 75 ms) before every request → 4 / (0.078 s + latency) ≈ 50 req/s.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SOAK_DURATION="${SOAK_DURATION:-600s}"
BOT_PORT="${BOT_PORT:-39782}"
SAMPLE_EVERY="${SAMPLE_EVERY:-30}"
export BENCH_DELAY_MS="${BENCH_DELAY_MS:-75}"
export BENCH_CHECK=1
# 300 conversations × 20 questions per cycle: conversation state keeps being written, as with real visitors.
export BENCH_CONVERSATIONS="${BENCH_CONVERSATIONS:-300}"
LUA="$REPO_ROOT/bench/messages.lua"

mkdir -p "$OUT_DIR"
trap cleanup EXIT INT TERM
ensure_wrk
publish_release src/IndBot/IndBot.csproj bot

start_process bot-soak "$BOT_DLL" "$BOT_PORT"
bot_pid=$LAST_PID
wait_healthy "$BOT_PORT" "$bot_pid"
for i in $(seq 1 20); do ask "$BOT_PORT" "fingerprints when" >/dev/null; done
rss_start=$(rss_mb "$bot_pid")

# RSS every SAMPLE_EVERY seconds while wrk runs.
samples="$OUT_DIR/soak-rss.txt"
: >"$samples"
( while kill -0 "$bot_pid" 2>/dev/null; do echo "$(date +%s) $(rss_mb "$bot_pid")" >>"$samples"; sleep "$SAMPLE_EVERY"; done ) &
sampler=$!
STARTED_PIDS+=("$sampler")

log "soak: $SOAK_DURATION at ~50 req/s (4 connections, ${BENCH_DELAY_MS} ms pacing)"
wrk -t1 -c4 -d"$SOAK_DURATION" --timeout 5s --latency -s "$LUA" "http://127.0.0.1:$BOT_PORT/api/messages" | tee "$OUT_DIR/wrk-soak.txt" >&2
rss_end=$(rss_mb "$bot_pid")
kill "$sampler" 2>/dev/null || true
rss_peak=$(awk 'BEGIN { m = 0 } $2 > m { m = $2 } END { print m }' "$samples")

w="$OUT_DIR/wrk-soak.txt"
non2xx=$(wrk_non2xx "$w"); socket=$(wrk_socket_errors "$w")
badanswers=$(awk '/^Bad answers:/ { print $3 }' "$w")
total=$(wrk_requests "$w"); rps=$(awk '/^Requests\/sec:/ { printf "%.1f", $2 }' "$w")
{
  echo "| Soak ($SOAK_DURATION, 4 connections, paced) | Value |"
  echo "|---|---:|"
  echo "| Requests (rate) | $total ($rps req/s) |"
  echo "| Non-2xx responses | $non2xx |"
  echo "| Socket errors (connect/read/write/timeout) | $socket |"
  echo "| 200s without a proper answer | ${badanswers:-?} |"
  for p in 50 75 90 99; do echo "| Latency p$p (ms) | $(wrk_pct_ms "$w" "$p") |"; done
  echo "| Latency max (ms) | $(awk '/^    Latency/ { v = $4; u = v; sub(/^[0-9.]+/, "", u); sub(/[a-z]+$/, "", v); if (u == "us") v /= 1000; else if (u == "s") v *= 1000; printf "%.2f", v }' "$w") |"
  echo "| RSS start → end (MB) | $rss_start → $rss_end |"
  echo "| RSS peak (MB, sampled every ${SAMPLE_EVERY}s) | $rss_peak |"
} | tee "$OUT_DIR/soak-table.md"
