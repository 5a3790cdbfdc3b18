# Line attribution and constant-table cases: each shape once made Pyrite's
# co_lines or co_consts differ from CPython 3.11's.
import functools


@functools.lru_cache(
    maxsize=None)
@staticmethod
def decorated():
    return 1


class Holder:
    @property
    def value(self):
        "A docstring, then a call with only **kwargs."
        return self.clone(**self.__dict__)


def conditions(items, other):
    found = list(value for value in items
                 if value not in other)
    while (len(found) >
           3):
        found.pop()
    return found


def loops_in_blocks(ctx, items):
    with ctx:
        for item in items:
            print(item)
    try:
        for item in items:
            print(item)
    finally:
        pass


def nested_exits(self):
    w = self.source()
    if w is not None:
        s = w.pending
        if not s:
            w.commit()


value = Holder().value(
    1)[0].attr
