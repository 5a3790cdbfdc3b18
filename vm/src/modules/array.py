"""This module defines an object type which can efficiently represent
an array of basic values: characters, integers, floating point
numbers.  Arrays are sequence types and behave very much like lists,
except that the type of objects stored in them is constrained.

(Pyrite's array, written in Python over struct: items are kept as Python
values, checked against the C type's range on the way in, and packed on
the way out.)
"""

import struct as _struct

typecodes = "bBuhHiIlLqQfd"

# typecode: (struct format, itemsize, min, max, name for range errors)
_INT = {
    "b": ("b", 1, -128, 127, "signed char"),
    "B": ("B", 1, 0, 255, "unsigned byte integer"),
    "h": ("h", 2, -32768, 32767, "signed short integer"),
    "H": ("H", 2, 0, 65535, "unsigned short"),
    "i": ("i", 4, -2**31, 2**31 - 1, "signed integer"),
    "I": ("I", 4, 0, 2**32 - 1, "unsigned int"),
    "l": ("l", 8, -2**63, 2**63 - 1, "signed long"),
    "L": ("L", 8, 0, 2**64 - 1, "unsigned long"),
    "q": ("q", 8, -2**63, 2**63 - 1, "signed long long"),
    "Q": ("Q", 8, 0, 2**64 - 1, "unsigned long long"),
}
_SIZE = {"u": 4, "f": 4, "d": 8}
for _k, _v in _INT.items():
    _SIZE[_k] = _v[1]
del _k, _v


def _index(v):
    if isinstance(v, float):
        raise TypeError("'float' object cannot be interpreted as an integer")
    try:
        return v.__index__()
    except AttributeError:
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(v).__name__) from None


def _check(tc, v):
    """`v` converted for an array of type `tc`, with CPython's errors."""
    if tc in "fd":
        if not isinstance(v, (int, float)) and not hasattr(v, "__float__"):
            raise TypeError("must be real number, not %s" % type(v).__name__)
        v = float(v)
        if tc == "f":
            v = _struct.unpack("f", _struct.pack("f", v))[0]
        return v
    if tc == "u":
        if not isinstance(v, str) or len(v) != 1:
            raise TypeError("array item must be unicode character")
        return v
    fmt, size, lo, hi, name = _INT[tc]
    v = _index(v)
    if tc in "qQ":
        if tc == "Q" and v < 0:
            raise OverflowError("can't convert negative int to unsigned")
        if v > 2**64 - 1 or v < -2**63:
            raise OverflowError("int too big to convert")
        if tc == "q" and v > hi:
            raise OverflowError("int too big to convert")
        return v
    if tc in "IL":
        if v < 0:
            raise OverflowError("can't convert negative value to unsigned int")
        if v > 2**64 - 1:
            raise OverflowError("Python int too large to convert to C unsigned long")
        if v > hi:
            raise OverflowError("unsigned int is greater than maximum")
        return v
    if not -2**63 <= v <= 2**63 - 1:
        raise OverflowError("Python int too large to convert to C long")
    if tc == "b" and not -32768 <= v <= 32767:
        # CPython parses 'b' items as shorts first.
        raise OverflowError("signed short integer is %s" % ("less than minimum" if v < 0 else "greater than maximum"))
    if v < lo:
        raise OverflowError("%s is less than minimum" % name)
    if v > hi:
        raise OverflowError("%s is greater than maximum" % name)
    return v


class array:
    """array(typecode [, initializer]) -> array

Return a new array whose items are restricted by typecode, and
initialized from the optional initializer value, which must be a list,
a bytes-like object, or iterable over elements of the
appropriate type.
"""

    __slots__ = ("_tc", "_items", "__weakref__")

    def __new__(cls, typecode, initializer=None, /):
        if not isinstance(typecode, str) or len(typecode) != 1:
            raise TypeError("array() argument 1 must be a unicode character, not %s" % type(typecode).__name__)
        if typecode not in typecodes:
            raise ValueError("bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)")
        self = object.__new__(cls)
        self._tc = typecode
        self._items = []
        if initializer is None:
            return self
        if isinstance(initializer, str):
            if typecode != "u":
                raise TypeError("cannot use a str to initialize an array with typecode '%s'" % typecode)
            self.fromunicode(initializer)
        elif isinstance(initializer, (bytes, bytearray)):
            self.frombytes(initializer)
        elif isinstance(initializer, array):
            if initializer._tc == "u" and typecode != "u" or typecode == "u" and initializer._tc != "u":
                raise TypeError("cannot use a unicode array to initialize an array with typecode '%s'" % typecode)
            self.extend(initializer._items)
        else:
            self.extend(initializer)
        return self

    typecode = property(lambda self: self._tc)
    itemsize = property(lambda self: _SIZE[self._tc])

    def append(self, v, /):
        self._items.append(_check(self._tc, v))

    def extend(self, iterable, /):
        if isinstance(iterable, array):
            if iterable._tc != self._tc:
                raise TypeError("can only extend with array of same kind")
            self._items.extend(iterable._items)
            return
        for v in iterable:
            self._items.append(_check(self._tc, v))

    def insert(self, i, v, /):
        self._items.insert(i, _check(self._tc, v))

    def pop(self, i=-1, /):
        if not self._items:
            raise IndexError("pop from empty array")
        try:
            return self._items.pop(i)
        except IndexError:
            raise IndexError("pop index out of range") from None

    def remove(self, v, /):
        try:
            self._items.remove(v)
        except ValueError:
            raise ValueError("array.remove(x): x not in array") from None

    def index(self, v, start=0, stop=None, /):
        n = len(self._items)
        stop = n if stop is None else stop
        for i in range(*slice(start, stop).indices(n)):
            if self._items[i] == v:
                return i
        raise ValueError("array.index(x): x not in array")

    def count(self, v, /):
        return sum(1 for x in self._items if x == v)

    def reverse(self):
        self._items.reverse()

    def buffer_info(self):
        return (id(self), len(self._items))

    def byteswap(self):
        if self._tc in "bB":
            return
        size = _SIZE[self._tc]
        data = self.tobytes()
        swapped = b"".join(data[i:i + size][::-1] for i in range(0, len(data), size))
        self._items = []
        self.frombytes(swapped)

    def tobytes(self):
        if self._tc == "u":
            return "".join(self._items).encode("utf-32-le")
        code = _INT[self._tc][0] if self._tc in _INT else self._tc
        return _struct.pack("=%d%s" % (len(self._items), code), *self._items)

    def frombytes(self, data, /):
        data = bytes(memoryview(data)) if not isinstance(data, (bytes, bytearray)) else bytes(data)
        size = _SIZE[self._tc]
        if len(data) % size:
            raise ValueError("bytes length not a multiple of item size")
        if self._tc == "u":
            self._items.extend(data.decode("utf-32-le"))
            return
        code = _INT[self._tc][0] if self._tc in _INT else self._tc
        self._items.extend(_struct.unpack("=%d%s" % (len(data) // size, code), data))

    def tolist(self):
        return list(self._items)

    def fromlist(self, items, /):
        if not isinstance(items, list):
            raise TypeError("arg must be list")
        new = [_check(self._tc, v) for v in items]
        self._items.extend(new)

    def tounicode(self):
        if self._tc != "u":
            raise ValueError("tounicode() may only be called on unicode type arrays")
        return "".join(self._items)

    def fromunicode(self, s, /):
        if self._tc != "u":
            raise ValueError("fromunicode() may only be called on unicode type arrays")
        if not isinstance(s, str):
            raise TypeError("fromunicode() argument must be str, not %s" % type(s).__name__)
        self._items.extend(s)

    def tofile(self, f, /):
        f.write(self.tobytes())

    def fromfile(self, f, n, /):
        size = _SIZE[self._tc]
        data = f.read(n * size)
        self.frombytes(data[: len(data) - len(data) % size])
        if len(data) < n * size:
            raise EOFError("read() didn't return enough bytes")

    def __bytes__(self):
        return self.tobytes()

    def __len__(self):
        return len(self._items)

    def __iter__(self):
        return iter(self._items)

    def __contains__(self, v):
        return v in self._items

    def __getitem__(self, i):
        if isinstance(i, slice):
            r = array(self._tc)
            r._items = self._items[i]
            return r
        try:
            return self._items[i]
        except IndexError:
            raise IndexError("array index out of range") from None

    def __setitem__(self, i, v):
        if isinstance(i, slice):
            if not isinstance(v, array):
                raise TypeError("can only assign array (not \"%s\") to array slice" % type(v).__name__)
            if v._tc != self._tc:
                raise TypeError("bad argument type for built-in operation")
            self._items[i] = v._items
            return
        try:
            self._items[i] = _check(self._tc, v)
        except IndexError:
            raise IndexError("array assignment index out of range") from None

    def __delitem__(self, i):
        try:
            del self._items[i]
        except IndexError:
            raise IndexError("array assignment index out of range") from None

    def __add__(self, other):
        if not isinstance(other, array):
            return NotImplemented
        if other._tc != self._tc:
            raise TypeError("bad argument type for built-in operation")
        r = array(self._tc)
        r._items = self._items + other._items
        return r

    def __iadd__(self, other):
        if not isinstance(other, array):
            return NotImplemented
        self.extend(other)
        return self

    def __mul__(self, n):
        r = array(self._tc)
        r._items = self._items * _index(n)
        return r

    __rmul__ = __mul__

    def __imul__(self, n):
        self._items *= _index(n)
        return self

    def _cmp(self, other, op):
        if not isinstance(other, array):
            return NotImplemented
        return op(self._items, other._items)

    def __eq__(self, other):
        return self._cmp(other, lambda a, b: a == b)

    def __ne__(self, other):
        return self._cmp(other, lambda a, b: a != b)

    def __lt__(self, other):
        return self._cmp(other, lambda a, b: a < b)

    def __le__(self, other):
        return self._cmp(other, lambda a, b: a <= b)

    def __gt__(self, other):
        return self._cmp(other, lambda a, b: a > b)

    def __ge__(self, other):
        return self._cmp(other, lambda a, b: a >= b)

    __hash__ = None

    def __copy__(self):
        return array(self._tc, self)

    def __deepcopy__(self, memo):
        return array(self._tc, self)

    def __reduce_ex__(self, protocol):
        return (array, (self._tc, list(self._items)))

    def __repr__(self):
        if not self._items:
            return "array('%s')" % self._tc
        if self._tc == "u":
            return "array('u', %r)" % "".join(self._items)
        return "array('%s', %r)" % (self._tc, self._items)

    def __class_getitem__(cls, item):
        import types
        return types.GenericAlias(cls, item)


ArrayType = array
array.__module__ = "array"

# As CPython's array module does at import: array is a MutableSequence,
# which also makes it a sequence for `match` (the registration gives the
# class the sequence flag).
import _collections_abc
_collections_abc.MutableSequence.register(array)
del _collections_abc
