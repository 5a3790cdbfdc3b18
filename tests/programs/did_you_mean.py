# "Did you mean" hints CPython 3.11's exception printer adds to
# AttributeError and NameError (sys.__excepthook__ and uncaught errors).
import io
import sys


def report():
    saved = sys.stderr
    sys.stderr = buf = io.StringIO()
    try:
        sys.__excepthook__(*sys.exc_info())
    finally:
        sys.stderr = saved
    return buf.getvalue().splitlines()[-1]


class A:
    bluch = 1
    blech = 2


try:
    A().blich
except AttributeError:
    print(report())

try:
    A().zzzzzzzzzz
except AttributeError:
    print(report())


class G:
    blech = None

    def __getattr__(self, attr):
        raise AttributeError   # no name/obj: the lookup fills them in


try:
    G().bluch
except AttributeError as e:
    print(repr(e.name), type(e.obj).__name__)
    print(report())


def f():
    something_local = 1
    somthing_local
try:
    f()
except NameError:
    print(report())

global_for_suggestions = 3
try:
    global_for_suggestion
except NameError:
    print(report())

try:
    ZeroDivisionErrorr
except NameError:
    print(report())

try:
    raise NameError("no name attribute")
except NameError:
    print(report())

try:
    raise AttributeError("explicit", name="bluc", obj=A())
except AttributeError:
    print(report())

# Case changes cost less than other edits; long names get no hint.
try:
    A().BLUCH
except AttributeError:
    print(report())
try:
    A().b * 50
except AttributeError:
    print(report())

x_value = 1
print(x_valeu)
