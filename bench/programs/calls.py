# recursive calls: the cost of a Python-to-Python call and return
def ack_like(n):
    if n <= 1:
        return 1
    return ack_like(n - 1) + ack_like(n - 2) + 1

print(ack_like(27))
