"""CSV parsing and writing.

Pyrite's _csv, written in Python: the reader is the field-splitting state
machine CPython's C module documents (quoting, doubled quotes, escapes,
skipinitialspace, strict mode), the writer applies the four quoting
styles, and dialects are validated with CPython's messages.
"""

__version__ = "1.0"

QUOTE_MINIMAL, QUOTE_ALL, QUOTE_NONNUMERIC, QUOTE_NONE = range(4)

_dialects = {}
_field_limit = 128 * 1024


class Error(Exception):
    pass


Error.__module__ = "_csv"


def _char(name, value, allow_none):
    if value is None and allow_none:
        return None
    if not isinstance(value, str):
        raise TypeError('"%s" must be string, not %s' % (name, type(value).__name__))
    if len(value) != 1:
        raise TypeError('"%s" must be a 1-character string' % name)
    return value


class Dialect:
    """CSV dialect

The Dialect type records CSV parsing and generation options.
"""

    __slots__ = ("_delimiter", "_quotechar", "_escapechar", "_doublequote",
                 "_skipinitialspace", "_lineterminator", "_quoting", "_strict")

    _names = ("delimiter", "quotechar", "escapechar", "doublequote",
              "skipinitialspace", "lineterminator", "quoting", "strict")

    def __new__(cls, dialect=None, **kwargs):
        for k in kwargs:
            if k not in cls._names:
                raise TypeError("'%s' is an invalid keyword argument for this function" % k)
        if isinstance(dialect, str):
            dialect = get_dialect(dialect)
        if isinstance(dialect, Dialect) and not kwargs and cls is Dialect:
            return dialect
        self = object.__new__(cls)

        def pick(name, default):
            if name in kwargs:
                return kwargs[name]
            if dialect is not None and hasattr(dialect, name):
                return getattr(dialect, name)
            return default

        self._delimiter = _char("delimiter", pick("delimiter", ","), False)
        quotechar = pick("quotechar", '"')
        self._quotechar = _char("quotechar", quotechar, True)
        self._escapechar = _char("escapechar", pick("escapechar", None), True)
        self._doublequote = bool(pick("doublequote", True))
        self._skipinitialspace = bool(pick("skipinitialspace", False))
        lineterminator = pick("lineterminator", "\r\n")
        if lineterminator is None:
            raise TypeError("lineterminator must be set")
        if not isinstance(lineterminator, str):
            raise TypeError('"lineterminator" must be a string')
        self._lineterminator = lineterminator
        if "quotechar" in kwargs and kwargs["quotechar"] is None and "quoting" not in kwargs:
            # quotechar=None without a quoting style: no quoting.
            quoting = QUOTE_NONE
        else:
            quoting = pick("quoting", QUOTE_MINIMAL)
        if type(quoting) is not int:
            raise TypeError('"quoting" must be an integer')
        if quoting not in (QUOTE_MINIMAL, QUOTE_ALL, QUOTE_NONNUMERIC, QUOTE_NONE):
            raise TypeError('bad "quoting" value')
        self._quoting = quoting
        self._strict = bool(pick("strict", False))
        if self._quotechar is None and quoting != QUOTE_NONE:
            raise TypeError("quotechar must be set if quoting enabled")
        return self

    delimiter = property(lambda self: self._delimiter)
    quotechar = property(lambda self: self._quotechar)
    escapechar = property(lambda self: self._escapechar)
    doublequote = property(lambda self: self._doublequote)
    skipinitialspace = property(lambda self: self._skipinitialspace)
    lineterminator = property(lambda self: self._lineterminator)
    quoting = property(lambda self: self._quoting)
    strict = property(lambda self: self._strict)


Dialect.__module__ = "_csv"


def register_dialect(name, dialect=None, **kwargs):
    if not isinstance(name, str):
        raise TypeError("dialect name must be a string")
    _dialects[name] = Dialect(dialect, **kwargs)


def unregister_dialect(name):
    if name not in _dialects:
        raise Error("unknown dialect")
    del _dialects[name]


def get_dialect(name):
    try:
        return _dialects[name]
    except (KeyError, TypeError):
        raise Error("unknown dialect")


def list_dialects():
    return list(_dialects)


def field_size_limit(*args):
    global _field_limit
    if len(args) > 1:
        raise TypeError("field_size_limit expected at most 1 argument, got %d" % len(args))
    old = _field_limit
    if args:
        if type(args[0]) is not int:
            raise TypeError("limit must be an integer")
        _field_limit = args[0]
    return old


# Reader states.
(START_RECORD, START_FIELD, ESCAPED_CHAR, IN_FIELD, IN_QUOTED_FIELD,
 ESCAPE_IN_QUOTED_FIELD, QUOTE_IN_QUOTED_FIELD, EAT_CRNL,
 AFTER_ESCAPED_CRNL) = range(9)


class Reader:
    """CSV reader

Reader objects are responsible for reading and parsing tabular data
in CSV format.
"""

    def __init__(self, iterable, dialect):
        self._it = iter(iterable)
        self.dialect = dialect
        self.line_num = 0

    def __iter__(self):
        return self

    def _add_field(self):
        field = "".join(self._field)
        self._field = []
        if self._numeric:
            self._fields.append(float(field))
        else:
            self._fields.append(field)
        self._numeric = False

    def _add_char(self, c):
        if len(self._field) >= _field_limit:
            raise Error("field larger than field limit (%d)" % _field_limit)
        self._field.append(c)

    def __next__(self):
        d = self.dialect
        self._fields = []
        self._field = []
        self._numeric = False
        state = START_RECORD
        while True:
            try:
                line = next(self._it)
            except StopIteration:
                if self._field or state == IN_QUOTED_FIELD:
                    if d.strict:
                        raise Error("unexpected end of data")
                    self._add_field()
                    return self._fields
                raise
            if not isinstance(line, str):
                raise Error("iterator should return strings, not %.200s (the file should be opened in text mode)" % type(line).__name__)
            self.line_num += 1
            for c in line:
                state = self._step(state, c)
            state = self._step(state, None)
            if state == START_RECORD:
                return self._fields

    def _step(self, state, c):
        d = self.dialect
        if state == START_RECORD:
            if c is None:
                return START_RECORD
            if c in "\n\r":
                return EAT_CRNL
            state = START_FIELD
        if state == START_FIELD:
            if c is None or c in "\n\r":
                self._add_field()
                return START_RECORD if c is None else EAT_CRNL
            if c == d.quotechar and d.quoting != QUOTE_NONE:
                return IN_QUOTED_FIELD
            if c == d.escapechar:
                return ESCAPED_CHAR
            if c == " " and d.skipinitialspace:
                return START_FIELD
            if c == d.delimiter:
                self._add_field()
                return START_FIELD
            if d.quoting == QUOTE_NONNUMERIC:
                self._numeric = True
            self._add_char(c)
            return IN_FIELD
        if state == ESCAPED_CHAR:
            if c is None:
                self._add_char("\n")
                return IN_FIELD
            if c in "\n\r":
                self._add_char(c)
                return AFTER_ESCAPED_CRNL
            self._add_char(c)
            return IN_FIELD
        if state == AFTER_ESCAPED_CRNL:
            if c is None:
                return AFTER_ESCAPED_CRNL
            return self._step(IN_FIELD, c)
        if state == IN_FIELD:
            if c is None or c in "\n\r":
                self._add_field()
                return START_RECORD if c is None else EAT_CRNL
            if c == d.escapechar:
                return ESCAPED_CHAR
            if c == d.delimiter:
                self._add_field()
                return START_FIELD
            self._add_char(c)
            return IN_FIELD
        if state == IN_QUOTED_FIELD:
            if c is None:
                return IN_QUOTED_FIELD
            if c == d.escapechar:
                return ESCAPE_IN_QUOTED_FIELD
            if c == d.quotechar and d.quoting != QUOTE_NONE:
                return QUOTE_IN_QUOTED_FIELD if d.doublequote else IN_FIELD
            self._add_char(c)
            return IN_QUOTED_FIELD
        if state == ESCAPE_IN_QUOTED_FIELD:
            if c is None:
                self._add_char("\n")
                return IN_QUOTED_FIELD
            self._add_char(c)
            return IN_QUOTED_FIELD
        if state == QUOTE_IN_QUOTED_FIELD:
            if d.quoting != QUOTE_NONE and c == d.quotechar:
                self._add_char(c)
                return IN_QUOTED_FIELD
            if c == d.delimiter:
                self._add_field()
                return START_FIELD
            if c is None or c in "\n\r":
                self._add_field()
                return START_RECORD if c is None else EAT_CRNL
            if not d.strict:
                self._add_char(c)
                return IN_FIELD
            raise Error("'%c' expected after '%c'" % (d.delimiter, d.quotechar))
        if state == EAT_CRNL:
            if c is None:
                return START_RECORD
            if c in "\n\r":
                return EAT_CRNL
            raise Error("new-line character seen in unquoted field - do you need to open the file in universal-newline mode?")
        raise Error("unknown state")


class Writer:
    """CSV writer

Writer objects are responsible for generating tabular data
in CSV format from sequence input.
"""

    def __init__(self, f, dialect):
        try:
            self._write = f.write
        except AttributeError:
            raise TypeError('argument 1 must have a "write" method')
        self.dialect = dialect

    def _quote(self, field, quoted):
        d = self.dialect
        out = []
        for c in field:
            if c == d.delimiter or c == d.escapechar or c == d.quotechar or c in d.lineterminator:
                want_escape = False
                if d.quoting == QUOTE_NONE:
                    want_escape = True
                else:
                    if c == d.quotechar:
                        if d.doublequote:
                            out.append(c)
                        else:
                            want_escape = True
                    elif c == d.escapechar:
                        want_escape = True
                    if not want_escape:
                        quoted = True
                if want_escape:
                    if d.escapechar is None:
                        raise Error("need to escape, but no escapechar set")
                    out.append(d.escapechar)
            out.append(c)
        s = "".join(out)
        if quoted:
            s = d.quotechar + s + d.quotechar
        return s

    def writerow(self, row):
        d = self.dialect
        try:
            fields = iter(row)
        except TypeError:
            raise Error("iterable expected, not %s" % type(row).__name__)
        parts = []
        for f in fields:
            if d.quoting == QUOTE_NONNUMERIC:
                quoted = not isinstance(f, (int, float, complex))
            else:
                quoted = d.quoting == QUOTE_ALL
            if f is None:
                text = ""
            elif isinstance(f, float):
                text = repr(f)
            else:
                text = str(f)
            parts.append(self._quote(text, quoted))
        if len(parts) == 1 and parts[0] == "":
            if d.quoting == QUOTE_NONE:
                raise Error("single empty field record must be quoted")
            parts[0] = d.quotechar * 2
        return self._write(d.delimiter.join(parts) + d.lineterminator)

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def reader(csvfile, dialect="excel", **fmtparams):
    return Reader(csvfile, Dialect(dialect, **fmtparams))


def writer(fileobj, dialect="excel", **fmtparams):
    return Writer(fileobj, Dialect(dialect, **fmtparams))
