-- wrk script for scripts/bench.sh: each request is a path read at random from the file named by WRK_URLS (one per
-- line, written by `bench urls` from the same origins and listings the .NET load client draws from).
local paths = {}
for line in io.lines(os.getenv("WRK_URLS")) do
  paths[#paths + 1] = line
end

request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
