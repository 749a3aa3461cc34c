-- wrk script: POST /api/messages with Bot Framework message activities, deliveryMode "expectReplies", rotating
-- realistic visitor questions (English and Dutch; short, long, typos, out of scope, desks, small talk).
--
--   wrk -t2 -c16 -d30s --latency -s bench/messages.lua http://127.0.0.1:39780/api/messages
--
-- Environment:
--   BENCH_DELAY_MS  pace each connection: wait this many ms before every request (soak: -c4, 80 ms ≈ 50 req/s)
--   BENCH_CHECK=1   inspect every response: a 200 without a reply activity, or with the bot's error reply, counts
--                   as a bad answer (printed at the end, next to wrk's own non-2xx count)
--   BENCH_CONVERSATIONS  conversations per thread to rotate over (default 64; each turn continues one of them)
--   BENCH_UNIQUE=1  no message repeats: every request is a new variant of a question (an opener, a desk city, a day,
--                   a typo, a closing word, and a reference number the visitor adds), so no search result can come
--                   from the engine's cache

local questions = {
  -- English, short / typo
  { "en-US", "fingerprints when" },
  { "en-US", "fingreprints when?" },
  { "en-US", "What is a V-number?" },
  { "en-US", "residense permt travel europe" },
  { "en-US", "Do I need an appointment to visit an IND desk?" },
  -- English, long
  { "en-US", "I sent my application to the IND three weeks ago and have not received any letter yet, what should I do?" },
  { "en-US", "I applied for a verblijfsvergunning in March and still no decison, what is going on with my case" },
  { "en-US", "my sponsor submitted the application for me, when do I give my biometrics" },
  { "en-US", "Can I travel outside the Schengen area while my application for a residence permit is still being processed?" },
  -- English, desks
  { "en-US", "is the Rotterdam desk open on Thursday afternoon?" },
  { "en-US", "where is the IND desk in Amsterdam" },
  -- English, out of scope / small talk
  { "en-US", "Is the Rotterdam zoo open on Sunday?" },
  { "en-US", "hello" },
  -- Dutch
  { "nl-NL", "Waar is het IND-loket in Utrecht?" },
  { "nl-NL", "Hoe lang duurt het voordat ik een beslissing krijg op mijn aanvraag?" },
  { "nl-NL", "wanneer vingerafdrukken geven" },
  { "nl-NL", "Ik wil Nederlander worden, hoe vraag ik naturalisatie aan?" },
  { "nl-NL", "Heb ik een afspraak nodig voor het loket in Den Bosch?" },
  { "nl-NL", "terugkeervisum aanvragen" },
  { "nl-NL", "Wat is het weer morgen in Zwolle?" },
}

-- Pieces of the variants (BENCH_UNIQUE): what visitors put around a question.
local openers = { "", "hi, ", "hello! ", "good morning, ", "quick question: ", "hoi, ", "goedemiddag, ", "sorry to bother you, " }
local closers = { "", " thanks", " thx!", " please", " alvast bedankt", "??", " :)" }
local cities = { "Utrecht", "Zwolle", "Rotterdam", "Amsterdam", "Eindhoven", "Hoofddorp", "Rijswijk", "Den Bosch", "Gouda", "Leiden" }
local days = { "monday", "tuesday", "wednesday", "thursday", "friday", "tomorrow", "maandag", "vrijdag", "next week" }
local unique = os.getenv("BENCH_UNIQUE") == "1"

local function typo(text, n)
  -- Swap two neighbouring letters in every other variant, at a position that moves with n.
  if n % 2 == 0 or #text < 8 then return text end
  local at = 3 + (n % (#text - 4))
  local a, b = text:sub(at, at), text:sub(at + 1, at + 1)
  if not a:match("%a") or not b:match("%a") then return text end
  return text:sub(1, at - 1) .. b .. a .. text:sub(at + 2)
end

local function variant(text, n)
  local t = text:gsub("Utrecht", cities[(n % #cities) + 1]):gsub("Rotterdam", cities[((n + 3) % #cities) + 1])
  t = t:gsub("Thursday", days[(n % #days) + 1])
  t = typo(t, math.floor(n / 7))
  return openers[(n % #openers) + 1] .. t .. closers[(math.floor(n / 3) % #closers) + 1] .. " (ref " .. n .. ")"
end

local conversations = tonumber(os.getenv("BENCH_CONVERSATIONS") or "64")
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
local check = os.getenv("BENCH_CHECK") == "1"

-- Threads: give each a number so conversation ids do not collide between threads.
local threads = {}
local next_thread = 0

function setup(thread)
  thread:set("thread_no", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

local requests = {}
local counter = 0
bad = 0
checked = 0

local function activity(n, locale, text, conversation)
  return string.format(
    '{"type":"message","id":"m%d","channelId":"directline","serviceUrl":"http://127.0.0.1:9/",' ..
    '"from":{"id":"user-%s","name":"Visitor"},"recipient":{"id":"indbot","name":"IndBot"},' ..
    '"conversation":{"id":"%s"},"locale":"%s","textFormat":"plain","deliveryMode":"expectReplies","text":"%s"}',
    n, conversation, conversation, locale, text)
end

function init(args)
  local headers = { ["Content-Type"] = "application/json" }
  -- Pre-format every request so wrk's request() only picks one (no string building under load).
  -- Question i goes to conversation i mod N: each conversation sees a mix of topics and languages over time.
  local n = 0
  for c = 1, conversations do
    for q = 1, #questions do
      n = n + 1
      local conversation = string.format("bench-t%d-c%d", thread_no or 0, (n % conversations) + 1)
      local item = questions[((c + q) % #questions) + 1]
      requests[n] = wrk.format("POST", nil, headers, activity(n, item[1], item[2], conversation))
    end
  end
end

local unique_headers = { ["Content-Type"] = "application/json" }

function request()
  counter = counter + 1
  if unique then
    -- Built per request: the cost is the load generator's, and every text is new to the bot.
    local n = counter * 8 + (thread_no or 0)
    local item = questions[(counter % #questions) + 1]
    local conversation = string.format("bench-t%d-c%d", thread_no or 0, (counter % conversations) + 1)
    return wrk.format("POST", nil, unique_headers, activity(n, item[1], variant(item[2], n), conversation))
  end

  if counter > #requests then counter = 1 end
  return requests[counter]
end

if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end

if check then
  function response(status, headers, body)
    checked = checked + 1
    if status ~= 200 or not string.find(body, '"type":"message"', 1, true)
       or string.find(body, "something went wrong", 1, true) or string.find(body, "ging bij ons iets mis", 1, true) then
      bad = bad + 1
    end
  end

  function done(summary, latency, requests)
    local total_bad, total_checked = 0, 0
    for _, t in ipairs(threads) do
      total_bad = total_bad + (t:get("bad") or 0)
      total_checked = total_checked + (t:get("checked") or 0)
    end
    io.write(string.format("Checked responses: %d\nBad answers: %d\n", total_checked, total_bad))
  end
end
