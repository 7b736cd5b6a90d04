-- wrk script: send requests pipelined, DEPTH at a time on each connection (wrk counts each reply).
-- Usage: wrk -s pipeline.lua URL [-- DEPTH]   (default depth 16)
init = function(args)
   local depth = tonumber(args[1]) or 16
   local r = {}
   for i = 1, depth do
      r[i] = wrk.format(nil)
   end
   req = table.concat(r)
end

request = function()
   return req
end
