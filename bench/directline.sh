#!/usr/bin/env bash
# The widget's path under load: Direct Line 3.0 over the WebSocket stream, CONVERSATIONS conversations at once against
# the published bot (as bench/load.sh runs it). Each conversation gets a token, starts, opens its streamUrl, then posts
# the questions of bench/messages.lua one after the other; a message's latency is from its POST to the bot's reply
# arriving on the socket. The load generator is tests/IndBot.Benchmarks (--directline), a .NET ClientWebSocket client.
#
#   bash bench/directline.sh                  # ~1 minute after the builds; raw output in bench/out/
#   CONVERSATIONS=200 WARMUP=10 DURATION=30 DL_PORT=39783 bash bench/directline.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CONVERSATIONS="${CONVERSATIONS:-200}"
WARMUP="${WARMUP:-10}"
DURATION="${DURATION:-30}"
DL_PORT="${DL_PORT:-39783}"

mkdir -p "$OUT_DIR"
trap cleanup EXIT INT TERM
publish_release src/IndBot/IndBot.csproj bot
log "building the load generator (tests/IndBot.Benchmarks, Release)"
dotnet build "$REPO_ROOT/tests/IndBot.Benchmarks" -c Release --nologo -v q >"$OUT_DIR/build-benchmarks.log" 2>&1 \
  || { tail -30 "$OUT_DIR/build-benchmarks.log" >&2; echo "build of tests/IndBot.Benchmarks failed" >&2; exit 1; }

# Direct Line's own limits (per conversation, per address, conversations per address) have no "off": one client
# address starting hundreds of conversations and posting thousands of messages a minute needs them far above the load.
start_process bot-directline "$BOT_DLL" "$DL_PORT" \
  DirectLine__RateLimit__ActivitiesPerConversationPerMinute=1000000 \
  DirectLine__RateLimit__ActivitiesPerIpPerMinute=1000000 \
  DirectLine__RateLimit__ConversationsPerIpPerMinute=1000000
bot_pid=$LAST_PID
wait_healthy "$DL_PORT" "$bot_pid"
until ask "$DL_PORT" "fingerprints when" 2>/dev/null | is_answer; do kill -0 "$bot_pid" || exit 1; sleep 0.05; done

log "Direct Line load: $CONVERSATIONS conversations, ${WARMUP}s warm-up, ${DURATION}s measured (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
status=0
(cd "$REPO_ROOT" && dotnet "tests/IndBot.Benchmarks/bin/Release/net10.0/IndBot.Benchmarks.dll" \
  --directline "http://127.0.0.1:$DL_PORT" "$CONVERSATIONS" "$WARMUP" "$DURATION") | tee "$OUT_DIR/directline-table.md" || status=$?
echo "| RSS of the bot after the load (MB) | $(rss_mb "$bot_pid") |" | tee -a "$OUT_DIR/directline-table.md"
log "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
