# Classes: inheritance and MRO, super, properties and descriptors, special methods, metaclasses.
class Base:
    count = 0
    def __init__(self, name):
        self.name = name
        Base.count += 1
    def greet(self):
        return f"I am {self.name}"
    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"
class Left(Base):
    def greet(self):
        return "L " + super().greet()
class Right(Base):
    def greet(self):
        return "R " + super().greet()
class Both(Left, Right):
    def greet(self):
        return "B " + super().greet()
b = Both("x")
print(b.greet(), [k.__name__ for k in Both.__mro__], Base.count, b, isinstance(b, Right), issubclass(Both, Base))
class Temp:
    def __init__(self):
        self._c = 0.0
    @property
    def celsius(self):
        "Degrees Celsius."
        return self._c
    @celsius.setter
    def celsius(self, v):
        if v < -273.15:
            raise ValueError("too cold")
        self._c = v
    @staticmethod
    def freezing():
        return 0
    @classmethod
    def make(cls):
        return cls()
t = Temp.make(); t.celsius = 25
print(t.celsius, Temp.freezing(), Temp.celsius.__doc__, type(Temp.__dict__["make"]).__name__)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError", e)
class Positive:
    def __set_name__(self, owner, name):
        self.name = "_" + name
    def __get__(self, obj, objtype=None):
        return self if obj is None else getattr(obj, self.name, None)
    def __set__(self, obj, value):
        if value <= 0:
            raise ValueError(f"{self.name[1:]} must be positive")
        setattr(obj, self.name, value)
class Order:
    qty = Positive()
    def __init__(self, q):
        self.qty = q
o = Order(3)
print(o.qty, vars(o), type(Order.qty).__name__)
class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y) if isinstance(o, Vec) else NotImplemented
    def __radd__(self, o):
        return self if o == 0 else NotImplemented
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)
    __rmul__ = __mul__
    def __eq__(self, o):
        return isinstance(o, Vec) and (self.x, self.y) == (o.x, o.y)
    def __hash__(self):
        return hash((self.x, self.y))
    def __len__(self):
        return 2
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    def __iter__(self):
        yield self.x
        yield self.y
    def __bool__(self):
        return bool(self.x or self.y)
    def __lt__(self, o):
        return (self.x, self.y) < (o.x, o.y)
    def __repr__(self):
        return f"Vec({self.x}, {self.y})"
v = Vec(1, 2) + Vec(3, 4)
print(v, 2 * v, sum([Vec(1, 1), Vec(2, 2)]), v == Vec(4, 6), len({Vec(1, 2), Vec(1, 2)}), list(v), v[1], bool(Vec(0, 0)), sorted([Vec(2, 1), Vec(1, 5)]))
try:
    Vec(1, 2) + 1
except TypeError as e:
    print("TypeError", e)
class Meta(type):
    def __new__(mcls, name, bases, ns, **kw):
        ns["tag"] = kw.get("tag", "none")
        return super().__new__(mcls, name, bases, ns)
class Tagged(metaclass=Meta, tag="t1"):
    pass
class Plugin:
    registry = []
    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        Plugin.registry.append(cls.__name__)
class A(Plugin): pass
class B(Plugin): pass
print(Tagged.tag, type(Tagged).__name__, Plugin.registry)
class Dyn:
    def __getattr__(self, name):
        return name.upper()
class Slotted:
    __slots__ = ("a",)
d = Dyn(); s = Slotted(); s.a = 1
print(d.hello, getattr(d, "x"), hasattr(s, "__dict__"), s.a)
try:
    s.b = 2
except AttributeError as e:
    print("AttributeError", e)
try:
    class Bad(int, str): pass
except TypeError as e:
    print("TypeError", e)
print(type("Made", (Base,), {"extra": 1})("m").greet(), Both.__name__, Both.__qualname__, Both.__bases__)
