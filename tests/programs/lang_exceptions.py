# Exceptions: handlers, else/finally ordering, chaining, custom classes, groups.
def order(fail):
    try:
        print("try")
        if fail:
            raise KeyError(fail)
    except KeyError as e:
        print("except", repr(e))
        return "from except"
    else:
        print("else")
    finally:
        print("finally")
    return "end"
print(order(None), order("k"))
def finally_wins():
    try:
        return "try"
    finally:
        return "finally"
print(finally_wins())
class AppError(Exception):
    def __init__(self, code, msg):
        super().__init__(msg)
        self.code = code
class NotFound(AppError):
    pass
try:
    raise NotFound(404, "missing page")
except AppError as e:
    print(type(e).__name__, e.code, e, e.args, isinstance(e, Exception))
try:
    try:
        {}["x"]
    except KeyError as e:
        raise ValueError("translated") from e
except ValueError as e:
    print(e, repr(e.__cause__), e.__suppress_context__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        undefined_name
except NameError as e:
    print(e, type(e.__context__).__name__)
try:
    raise TypeError("bare")
except (ValueError, TypeError) as e:
    print("tuple caught", e)
def reraise():
    try:
        raise IndexError("inner")
    except IndexError:
        raise
try:
    reraise()
except IndexError as e:
    print("reraised", e, e.__traceback__ is not None)
try:
    raise ExceptionGroup("many", [ValueError(1), TypeError(2), ValueError(3)])
except* ValueError as eg:
    print("values", [str(x) for x in eg.exceptions])
except* TypeError as eg:
    print("types", eg.exceptions)
eg = ExceptionGroup("g", [KeyError("a"), OSError("b")])
m, r = eg.split(KeyError)
print(m.exceptions, r.exceptions, str(eg), eg.subgroup(lambda e: isinstance(e, OSError)).exceptions)
e = ValueError("with note")
e.add_note("extra")
print(e.__notes__, str(e))
x = 0
try:
    pass
finally:
    x = 1
print("x", x)
for exc in [StopIteration(5), SystemExit(3), KeyError("k"), OSError(2, "No such file", "f.txt"), UnicodeError("u")]:
    print(type(exc).__name__, str(exc), repr(exc), exc.args)
print(StopIteration(5).value, SystemExit(3).code, issubclass(KeyError, LookupError), BaseException.__subclasses__()[:0])
