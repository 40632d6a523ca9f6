-- wrk script for bench/load:  wrk ... -s load.lua URL -- MODE KEY PROJECT [RUN...]
--   MODE "runs":   GET /api/runs?projectId=PROJECT
--   MODE "ingest": POST /api/tests/batch of 50 results into one RUN per wrk thread
-- Counts answers by status class; done() prints one line "RESULT {json}" for run.py.
local threads, count = {}, 0

function setup(thread)
  thread:set("id", count)
  count = count + 1
  table.insert(threads, thread)
end

function init(args)
  local mode, key, project = args[1], args[2], args[3]
  s2xx, s4xx, s5xx, sother = 0, 0, 0, 0
  if mode == "runs" then
    req = wrk.format("GET", "/api/runs?projectId=" .. project, { ["X-API-Key"] = key })
    return
  end
  local run = args[4 + id % (#args - 3)]
  local items = {}
  for i = 1, 50 do
    items[i] = string.format(
      '{"title":"test %d","fullTitle":"load > test %d","filePath":"tests/load.spec.ts","status":"%s","duration":%d}',
      i, i, i % 10 == 0 and "failed" or "passed", 10 + i)
  end
  local body = string.format('{"runId":"%s","projectId":"%s","tests":[%s]}', run, project, table.concat(items, ","))
  req = wrk.format("POST", "/api/tests/batch", { ["X-API-Key"] = key, ["Content-Type"] = "application/json" }, body)
end

function request() return req end

function response(status)
  if status >= 200 and status < 300 then s2xx = s2xx + 1
  elseif status >= 500 then s5xx = s5xx + 1
  elseif status >= 400 then s4xx = s4xx + 1
  else sother = sother + 1 end
end

function done(summary, latency)
  local c = { s2xx = 0, s4xx = 0, s5xx = 0, sother = 0 }
  for _, t in ipairs(threads) do
    for k in pairs(c) do c[k] = c[k] + t:get(k) end
  end
  local e = summary.errors
  io.write(string.format('RESULT {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d,"s2xx":%d,"s4xx":%d,"s5xx":%d,"sother":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout, e.status, c.s2xx, c.s4xx, c.s5xx, c.sother))
end
