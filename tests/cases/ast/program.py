"""A compilable program touching every statement kind, for code-object checks."""
from __future__ import annotations
import os, sys as system
from collections import defaultdict as dd, OrderedDict
from os.path import *

GLOBAL = 1


def plain(a, b=2, /, c=3, *args, d, e=5, **kw) -> int:
    "Docstring."
    global GLOBAL
    GLOBAL += a
    x = [i * 2 for i in args if i]
    y = {k: v for k, v in kw.items()}
    z = {i for i in range(3)}
    g = (j for j in x)
    del x[0], y
    return a + b + c + d + e + len(z) + sum(g)


def closures(n):
    total = 0

    def add(k):
        nonlocal total
        total += k
        return total

    def read():
        return total + n

    return add, read, lambda m=n: m + total


class Base:
    attr: int = 3
    __private = 1

    def method(self, x, *, key=None):
        return self.__private + super().__hash__() + x

    @staticmethod
    def static():
        return __class__

    @property
    def prop(self):
        return [self.__private for _ in range(2)]


class Derived(Base, metaclass=type, flag=True):
    def method(self, x, *, key=None):
        return super().method(x, key=key)


def control(items):
    for i, item in enumerate(items):
        if i % 2:
            continue
        elif item is None:
            break
        else:
            pass
    else:
        items.append(1)
    while items:
        items.pop()
        if not items:
            break
    try:
        1 / 0
    except ZeroDivisionError as err:
        print(err)
    except (TypeError, ValueError):
        raise
    else:
        pass
    finally:
        items.clear()
    with open(os.devnull) as f, open(os.devnull) as g:
        f.read(), g.read()
    assert items == [], "not empty"
    return f"{len(items)!r:>{3}} {items=}"


def matching(command):
    match command.split():
        case [action]:
            return action
        case ["go", direction] | ["move", direction]:
            return direction
        case {"x": x, **rest}:
            return x, rest
        case Base(attr=3) as b if b:
            return b
        case [1, *others]:
            return others
        case str() | bytes():
            return None
        case _:
            return command


def groups():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError as e:
        print(e.exceptions)
    except* TypeError:
        pass


async def coroutine(session):
    async with session as s:
        async for chunk in s:
            await chunk
    return [c async for c in session if await c]


def generator():
    received = yield 1
    yield from range(received or 3)
    return "done"


value = (walrus := 10) + GLOBAL
print(plain(1, d=4), closures(2), control([1, None]), matching("go north"), value, walrus)
