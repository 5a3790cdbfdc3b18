# Attribute and call entry points of types (tp_getattro/tp_setattro/tp_call):
# chosen when a type is made and re-chosen when a class's hooks change.

class Meta(type):
    def __call__(cls, *args):
        print("Meta.__call__", cls.__name__, args)
        return super().__call__(*args)

class Made(metaclass=Meta):
    def __init__(self, x):
        self.x = x

print(Made(3).x)

class SubMeta(Meta):
    pass

class Made2(metaclass=SubMeta):
    pass

print(type(Made2()).__name__)

class Hooked:
    def __getattr__(self, name):
        return name * 2

print(Hooked().ab)

class Sub(Hooked):
    pass

print(Sub().cd)

class Intercept:
    def __getattribute__(self, name):
        if name.startswith("real_"):
            return object.__getattribute__(self, name)
        return "intercepted " + name

    def __getattr__(self, name):
        return "fallback " + name

i = Intercept()
object.__setattr__(i, "real_v", 7)
print(i.anything, i.real_v)
try:
    i.real_missing
except AttributeError as e:
    print("AttributeError", e)

class Guard:
    def __setattr__(self, name, value):
        print("set", name, value)
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        print("del", name)
        object.__delattr__(self, name)

g = Guard()
g.a = 1
print(g.a)
del g.a
print(hasattr(g, "a"))

class Callable:
    def __call__(self, *args, **kwargs):
        return args, sorted(kwargs.items())

print(Callable()(1, b=2))
for bad in (object(), 5, "s", [1]):
    try:
        bad()
    except TypeError as e:
        print(e)

# Hooks added and removed after instances exist, on a base class.
class Base:
    pass

class Derived(Base):
    pass

d = Derived()
try:
    d()
except TypeError as e:
    print(e)
Base.__call__ = lambda self: "called late"
print(d())
Base.__getattr__ = lambda self, name: "late hook " + name
print(d.zz)
del Base.__getattr__
try:
    d.zz
except AttributeError as e:
    print(e)
Base.__setattr__ = lambda self, name, value: print("late set", name, value)
d.q = 5
print("q" in d.__dict__)
del Base.__setattr__
d.q = 6
print(d.__dict__)

# __class__ assignment switches the entry points with the type.
class Plain:
    pass

p = Plain()
p.__class__ = Hooked
print(p.missing)
p.__class__ = Plain
print(hasattr(p, "missing"))

# Native types keep theirs: super, generic aliases, bound methods, types.
class A:
    def who(self):
        return "A"

class B(A):
    def who(self):
        return "B>" + super().who()

print(B().who(), super(B, B()).who())
print(list[int].__origin__, list[int](range(3)))
m = B().who
print(m(), type(m).__name__)
print(int("12"), type(3)(4), type("name", (), {})().__class__.__name__)
import functools
print(functools.partial(max, 3)(5), getattr(functools.partial(max), "func") is max)
