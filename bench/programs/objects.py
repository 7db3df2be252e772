# objects: construction, attribute reads and writes, method calls
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def moved(self, dx, dy):
        return Point(self.x + dx, self.y + dy)

    def norm1(self):
        return abs(self.x) + abs(self.y)

def main():
    p = Point(0, 0)
    total = 0
    for i in range(1_000_000):
        p = p.moved(1, -1)
        total += p.norm1() % 7
    return total

print(main())
