# Exceptions as control flow: raising and catching built-in and user
# exceptions, try/finally, exception chaining, with-statement context
# managers, EAFP dictionary and attribute access.
import sys

class ValidationError(ValueError):
    def __init__(self, field, value):
        super().__init__("bad %s: %r" % (field, value))
        self.field = field

class Guard:
    entered = 0
    def __enter__(self):
        Guard.entered += 1
        return self
    def __exit__(self, *exc):
        return exc[0] is KeyError

def parse(i):
    if i % 5 == 0:
        raise ValidationError("n", i)
    if i % 7 == 0:
        raise KeyError(i)
    return i

def main(rounds):
    caught = {"validation": 0, "key": 0, "zero": 0, "attr": 0, "chained": 0}
    finals = 0
    d = {}
    total = 0
    for i in range(rounds):
        try:
            total += parse(i)
        except ValidationError as e:
            caught["validation"] += e.field == "n"
        except KeyError:
            caught["key"] += 1
        finally:
            finals += 1
        with Guard():
            d[i % 10]
        try:
            total += 10 // (i % 3)
        except ZeroDivisionError:
            caught["zero"] += 1
        try:
            i.missing
        except AttributeError:
            caught["attr"] += 1
        try:
            try:
                raise OSError(i)
            except OSError as e:
                raise RuntimeError("wrapped") from e
        except RuntimeError as e:
            caught["chained"] += isinstance(e.__cause__, OSError)
    print(total, finals, Guard.entered, sorted(caught.items()))

main(int(sys.argv[1]) if len(sys.argv) > 1 else 250000)
