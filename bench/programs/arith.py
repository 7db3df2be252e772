# integer arithmetic in a while loop inside a function
def main():
    i = 0
    acc = 0
    while i < 5_000_000:
        acc = (acc + i * 3) % 1_000_003
        i += 1
    return acc

print(main())
