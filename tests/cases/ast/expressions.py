a or b or c
a and b and c
a and b or c and d
not a
not not a
a if b else c
lambda: 0
lambda x, y=1, *a, z, **k: x + y
lambda *, k: k
lambda x, /: x
(x := 1)
(y := f(x))
[y := 1, y ** 2]
a + b - c * d / e // f % g @ h
a ** b ** c
-a + +b - ~c
a << b >> c & d | e ^ f
a < b <= c > d >= e == f != g is h is not i in j not in k
f()
f(a, *b, c=1, **d)
f(a)(b)(c)
f(x for x in y)
f(*a, *b, **c, **d)
obj.attr.sub
obj[0][1:2][::3][a:b:c][:, None]
x[1:2, 3]
x[*a]
x[a, *b]
await_ = 1
[1, 2, *rest]
(1,)
()
(1, 2)
((a))
{1: 2, **other, 3: 4}
{}
{1, 2, *s}
[x for x in y if x if not x for z in x]
{x for x in y}
{k: v for k, v in items}
(x for x in y)
[(a, b) for a in range(3) for b in range(a)]
...
None; True; False
x if y else lambda: z
print(*args, sep='')
(yield)
a[b](c).d
-1 ** 2
(-1) ** 2
not a < b
[*a, *b]
f(a, b=c)(d)[e].g
x = [
    1,
    2,
]
