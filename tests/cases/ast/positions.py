# Positions: columns are UTF-8 byte offsets.
é = 'ü'; ü = é + 'x'
x = (a +
     b)
result = function_call(arg1,
                       arg2, kw=[1,
                                 2])
value = obj.method(
    1)[0].attr
if (cond1 and
        cond2):
    pass
def f(
    a: int = 1,
    *b: str,
    c,
    **d,
) -> None:
    pass
class K(
    Base,
):
    x = 1
@deco
def g(): pass
lambda_ = lambda a, *, b=2: (a,
                             b)
s = """multi
line"""; t = 1
long = [
    i
    for i in range(3)
    if i
]
a = b = \
    c
try:
    pass
except (ValueError,
        TypeError) as e:
    pass
