-- objects: construction, field reads and writes, method calls
local Point = {}
Point.__index = Point
function Point.new(x, y) return setmetatable({x = x, y = y}, Point) end
function Point:moved(dx, dy) return Point.new(self.x + dx, self.y + dy) end
function Point:norm1() return math.abs(self.x) + math.abs(self.y) end
local function main()
  local p = Point.new(0, 0)
  local total = 0
  for i = 0, 999999 do
    p = p:moved(1, -1)
    total = total + p:norm1() % 7
  end
  return total
end
print(main())
