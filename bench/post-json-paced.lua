-- wrk script: like post-json.lua, but each connection waits DELAY_MS between requests,
-- so that the offered load is about connections * 1000 / DELAY_MS requests per second.
local file = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
wrk.headers["Content-Type"] = "application/json"
file:close()
local pause = tonumber(os.getenv("DELAY_MS"))

function delay()
    return pause
end
