# tasks, awaits and queues: the async runtime's hot paths in one program
import asyncio

async def add(a, b):
    return a + b

async def numbers(n):
    for i in range(n):
        yield i

async def producer(q, n):
    for i in range(n):
        await q.put(i)
    await q.put(None)

async def consumer(q):
    total = 0
    while True:
        item = await q.get()
        if item is None:
            return total
        total += item

async def ticker(n):
    for _ in range(n):
        await asyncio.sleep(0)
    return n

async def waiter(event, i):
    await event.wait()
    return i

async def main():
    s = 0
    for i in range(200_000):
        s = await add(s, i)
    async for v in numbers(200_000):
        s += v
    q = asyncio.Queue(maxsize=64)
    _, total = await asyncio.gather(producer(q, 50_000), consumer(q))
    ticks = await asyncio.gather(*(ticker(50) for _ in range(1_000)))
    event = asyncio.Event()
    waiting = [asyncio.create_task(waiter(event, i)) for i in range(20_000)]
    await asyncio.sleep(0)
    event.set()
    done = await asyncio.gather(*waiting)
    print(s, total, sum(ticks), sum(done))

asyncio.run(main())
