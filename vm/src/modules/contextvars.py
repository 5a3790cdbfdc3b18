# The body of the native `_contextvars` module (see contextvars.rs):
# ContextVar, Token, Context and copy_context with CPython 3.11's
# behaviour and messages, for one thread (each Context is a dict; the
# current one is module state).

class _Missing:
    def __repr__(self):
        return '<Token.MISSING>'

_MISSING = _Missing()


class Context:
    __slots__ = ('_data', '_prev', '_entered')

    def __init__(self):
        self._data = {}
        self._prev = None
        self._entered = False

    def run(self, callable, /, *args, **kwargs):
        global _current
        if self._entered:
            raise RuntimeError(f'cannot enter context: {self!r} is already entered')
        self._prev, self._entered = _current, True
        _current = self
        try:
            return callable(*args, **kwargs)
        finally:
            _current, self._prev, self._entered = self._prev, None, False

    def copy(self):
        new = Context()
        new._data = dict(self._data)
        return new

    def __getitem__(self, var):
        if not isinstance(var, ContextVar):
            raise TypeError(f"a ContextVar key was expected, got {var!r}")
        return self._data[var]

    def get(self, var, default=None):
        if not isinstance(var, ContextVar):
            raise TypeError(f"a ContextVar key was expected, got {var!r}")
        return self._data.get(var, default)

    def __contains__(self, var):
        if not isinstance(var, ContextVar):
            raise TypeError(f"a ContextVar key was expected, got {var!r}")
        return var in self._data

    def __len__(self):
        return len(self._data)

    def __iter__(self):
        return iter(self._data)

    def keys(self):
        return self._data.keys()

    def values(self):
        return self._data.values()

    def items(self):
        return self._data.items()

    def __eq__(self, other):
        if not isinstance(other, Context):
            return NotImplemented
        return self._data == other._data

    __hash__ = None


_current = Context()


def copy_context():
    return _current.copy()


class Token:
    __slots__ = ('_ctx', '_var', '_old', '_used')
    MISSING = _MISSING

    def __init__(self, ctx, var, old):
        self._ctx, self._var, self._old, self._used = ctx, var, old, False

    @property
    def var(self):
        return self._var

    @property
    def old_value(self):
        return self._old

    def __repr__(self):
        used = ' used' if self._used else ''
        return f'<Token{used} var={self._var!r} at 0x{id(self):x}>'

    def __class_getitem__(cls, item):
        return cls


class ContextVar:
    __slots__ = ('_name', '_default')

    def __init__(self, name, *, default=_MISSING):
        if not isinstance(name, str):
            raise TypeError('context variable name must be a str')
        self._name, self._default = name, default

    def __init_subclass__(cls, **kwargs):
        raise TypeError("type 'ContextVar' is not an acceptable base type")

    @property
    def name(self):
        return self._name

    def get(self, *args):
        if len(args) > 1:
            raise TypeError(f'get expected at most 1 argument, got {len(args)}')
        data = _current._data
        if self in data:
            return data[self]
        if args:
            return args[0]
        if self._default is not _MISSING:
            return self._default
        raise LookupError(self)

    def set(self, value):
        ctx = _current
        old = ctx._data.get(self, _MISSING)
        ctx._data = dict(ctx._data)
        ctx._data[self] = value
        return Token(ctx, self, old)

    def reset(self, token):
        if not isinstance(token, Token):
            raise TypeError(f'expected an instance of Token, got {token!r}')
        if token._used:
            raise RuntimeError(f'{token!r} has already been used once')
        if token._var is not self:
            raise ValueError(f'{token!r} was created by a different ContextVar')
        if token._ctx is not _current:
            raise ValueError(f'{token!r} was created in a different Context')
        ctx = _current
        ctx._data = dict(ctx._data)
        if token._old is _MISSING:
            ctx._data.pop(self, None)
        else:
            ctx._data[self] = token._old
        token._used = True

    def __repr__(self):
        default = '' if self._default is _MISSING else f' default={self._default!r}'
        return f'<ContextVar name={self._name!r}{default} at 0x{id(self):x}>'

    def __hash__(self):
        return object.__hash__(self)

    def __class_getitem__(cls, item):
        return cls


for _cls in (Context, Token, ContextVar):
    _cls.__module__ = '_contextvars'
del _cls
