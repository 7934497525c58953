-- wrk script: POST one JSON body per request, cycling through the lines of the file named by the
-- BODIES environment variable (one application per line), so the load has the data's own mix of
-- approvals and declines rather than one application over and over.
local bodies = {}
for line in io.lines(os.getenv("BODIES")) do
    bodies[#bodies + 1] = line
end
local next_body = 0
local headers = { ["Content-Type"] = "application/json" }

function setup(thread)
    thread:set("offset", math.random(#bodies))
end

function init(args)
    next_body = offset or 0
end

function request()
    next_body = next_body % #bodies + 1
    return wrk.format("POST", nil, headers, bodies[next_body])
end
