-- integer arithmetic in a while loop inside a function
local function main()
  local i, acc = 0, 0
  while i < 5000000 do
    acc = (acc + i * 3) % 1000003
    i = i + 1
  end
  return acc
end
print(main())
