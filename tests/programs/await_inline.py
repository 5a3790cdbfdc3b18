import asyncio, types
async def leaf(x):
    await asyncio.sleep(0)
    return x * 2
async def mid(n):
    total = 0
    for i in range(n):
        total += await leaf(i)
    return total
async def bad():
    raise ValueError("bad")
async def catcher():
    try:
        await bad()
    except ValueError as e:
        return "caught " + str(e)
async def stopper():
    raise StopIteration
async def main():
    print(await mid(10))
    print(await catcher())
    try:
        await stopper()
    except RuntimeError as e:
        print("RuntimeError:", e)
    r = await asyncio.gather(mid(3), mid(4))
    print(r)
    async def gen():
        for i in range(3):
            yield i
            await asyncio.sleep(0)
    print([x async for x in gen()])
    c = leaf(1)
    try:
        await c
        await c
    except RuntimeError as e:
        print("RuntimeError:", e)
asyncio.run(main())

@types.coroutine
def legacy():
    x = yield "from legacy"
    return x
async def uses_legacy():
    return await legacy()
co = uses_legacy()
print(co.send(None))
try:
    co.send(42)
except StopIteration as e:
    print("returned", e.value)
