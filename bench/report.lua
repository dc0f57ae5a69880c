-- wrk script for bench/run.py: counts non-2xx responses and prints one parseable line at the end.
--
-- wrk itself counts only 4xx/5xx as status errors; a 302 to /sign-in/ would pass unnoticed,
-- so every response is checked here. Each wrk thread has its own Lua state: the counts are
-- kept per thread and gathered in done() through the thread handles kept by setup().

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  codes = {}
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    local key = tostring(status)
    codes[key] = (codes[key] or 0) + 1
  end
end

function done(summary, latency, requests)
  local bad, merged = 0, {}
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("non2xx") or 0)
    for code, n in pairs(thread:get("codes") or {}) do
      merged[code] = (merged[code] or 0) + n
    end
  end
  local listed = {}
  for code, n in pairs(merged) do
    table.insert(listed, code .. ":" .. n)
  end
  table.sort(listed)

  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f rps=%.2f p50_ms=%.2f p95_ms=%.2f non2xx=%d "
      .. "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d codes=%s\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, bad,
    e.connect, e.read, e.write, e.timeout,
    #listed > 0 and table.concat(listed, ",") or "-"
  ))
end
