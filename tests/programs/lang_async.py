# Coroutines and async generators driven by a tiny hand-written loop.
import types
class Sleep:
    def __init__(self, n):
        self.n = n
    def __await__(self):
        yield ("sleep", self.n)
        return self.n
async def worker(name, delays):
    total = 0
    for d in delays:
        total += await Sleep(d)
        print(name, "slept", d)
    return name, total
async def ticker(n):
    for i in range(n):
        await Sleep(0)
        yield i
class Resource:
    async def __aenter__(self):
        print("open")
        return self
    async def __aexit__(self, *exc):
        print("close", exc[0].__name__ if exc[0] else None)
        return False
async def main():
    results = []
    async with Resource() as r:
        async for i in ticker(3):
            results.append(i)
    results.append(await worker("w", [1, 2]))
    results.append([x async for x in ticker(2)])
    try:
        async with Resource():
            raise KeyError("inside")
    except KeyError as e:
        results.append(repr(e))
    return results
def run(coro):
    try:
        while True:
            coro.send(None)
    except StopIteration as e:
        return e.value
print(run(main()))
c = worker("x", [])
print(type(c).__name__, run(c))
try:
    c.send(None)
except RuntimeError as e:
    print("RuntimeError", e)
@types.coroutine
def legacy():
    v = yield "legacy"
    return v
async def uses_legacy():
    return await legacy()
u = uses_legacy()
print(u.send(None))
try:
    u.send(42)
except StopIteration as e:
    print("legacy returned", e.value)
async def agen():
    yield 1
    yield 2
ag = agen()
print(type(ag).__name__, run(ag.__anext__()) if False else "skip")
it = ag.__anext__()
try:
    it.send(None)
except StopIteration as e:
    print("first", e.value)
