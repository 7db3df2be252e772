-- recursive calls: the cost of a call and return
local function ack_like(n)
  if n <= 1 then return 1 end
  return ack_like(n - 1) + ack_like(n - 2) + 1
end
print(ack_like(27))
