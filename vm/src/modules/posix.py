# The Python half of `posix` (see posix.rs): struct-sequence result
# classes and helpers, frozen into the binary at build time.

class _StructSeq(tuple):
    n_sequence_fields = 0
    n_fields = 0
    n_unnamed_fields = 0
    _names = ()

    def __new__(cls, sequence, dict=None):
        name = cls._tp_name
        try:
            seq = tuple(sequence)
        except TypeError:
            raise TypeError('constructor requires a sequence') from None
        if dict is not None and not isinstance(dict, _dict):
            raise TypeError('%s() takes a dict as second arg, if any' % name)
        n = len(seq)
        lo = cls.n_sequence_fields
        hi = cls.n_fields
        if n < lo:
            if lo == hi:
                raise TypeError('%s() takes a %d-sequence (%d-sequence given)' % (name, lo, n))
            raise TypeError('%s() takes an at least %d-sequence (%d-sequence given)' % (name, lo, n))
        if n > hi:
            if lo == hi:
                raise TypeError('%s() takes a %d-sequence (%d-sequence given)' % (name, hi, n))
            raise TypeError('%s() takes an at most %d-sequence (%d-sequence given)' % (name, hi, n))
        extra = list(seq[lo:])
        names = cls._names
        for i in range(n, hi):
            k = names[i]
            extra.append(dict[k] if dict and k is not None and k in dict else None)
        self = tuple.__new__(cls, seq[:lo])
        self._extra = extra
        self._fixup()
        return self

    def _fixup(self):
        pass

    def __repr__(self):
        named = [k for k in self._names if k is not None][:self.n_sequence_fields]
        return '%s(%s)' % (self._tp_name, ', '.join(
            '%s=%r' % (k, v) for k, v in zip(named, self)))

    def __reduce__(self):
        lo = self.n_sequence_fields
        d = {}
        for i, k in enumerate(self._names[lo:]):
            if k is not None:
                d[k] = self._extra[i]
        return (type(self), (tuple(self), d))

_dict = dict


def _structseq(name, module, names, n_seq, fixup=None):
    ns = {'__module__': module, '__qualname__': name, '_tp_name': module + '.' + name,
          'n_sequence_fields': n_seq, 'n_fields': len(names),
          'n_unnamed_fields': sum(1 for k in names if k is None),
          '_names': tuple(names),
          '__match_args__': tuple(k for k in names[:n_seq] if k is not None)}
    def getter(i):
        if i < n_seq:
            # A native getter: these are read often (st_mode, st_size).
            return property(_structseq_field(i))
        return property(lambda self: self._extra[i - n_seq])
    for i, k in enumerate(names):
        if k is not None:
            ns[k] = getter(i)
    if fixup is not None:
        ns['_fixup'] = fixup
    return type(name, (_StructSeq,), ns)


def _stat_fixup(self):
    for i in range(3):
        if self._extra[i] is None:
            self._extra[i] = tuple.__getitem__(self, 7 + i)

stat_result = _structseq('stat_result', 'os', (
    'st_mode', 'st_ino', 'st_dev', 'st_nlink', 'st_uid', 'st_gid', 'st_size',
    None, None, None,
    'st_atime', 'st_mtime', 'st_ctime', 'st_atime_ns', 'st_mtime_ns', 'st_ctime_ns',
    'st_blksize', 'st_blocks', 'st_rdev'), 10, _stat_fixup)
terminal_size = _structseq('terminal_size', 'os', ('columns', 'lines'), 2)
uname_result = _structseq('uname_result', 'posix',
    ('sysname', 'nodename', 'release', 'version', 'machine'), 5)
times_result = _structseq('times_result', 'posix',
    ('user', 'system', 'children_user', 'children_system', 'elapsed'), 5)
del _stat_fixup


class DirEntry:
    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'posix.DirEntry' instances")

    def __repr__(self):
        return '<DirEntry %r>' % (self.name,)

    def __fspath__(self):
        return self.path

    def inode(self):
        return self._ino

    def is_symlink(self):
        if self._dtype != 0:
            return self._dtype == 10
        return (self.stat(follow_symlinks=False).st_mode & 0o170000) == 0o120000

    def _test_mode(self, follow_symlinks, bits):
        if self._dtype == 0 or (follow_symlinks and self._dtype == 10):
            try:
                st = self.stat(follow_symlinks=follow_symlinks)
            except FileNotFoundError:
                return False
            return (st.st_mode & 0o170000) == bits
        if bits == 0o040000:
            return self._dtype == 4
        return self._dtype == 8

    def is_dir(self, *, follow_symlinks=True):
        return self._test_mode(follow_symlinks, 0o040000)

    def is_file(self, *, follow_symlinks=True):
        return self._test_mode(follow_symlinks, 0o100000)

    def stat(self, *, follow_symlinks=True):
        if not follow_symlinks:
            if self._lstat is None:
                if self._dirfd is None:
                    self._lstat = lstat(self.path)
                else:
                    self._lstat = stat(self.name, dir_fd=self._dirfd, follow_symlinks=False)
            return self._lstat
        if self._stat is None:
            if self.is_symlink():
                if self._dirfd is None:
                    self._stat = stat(self.path)
                else:
                    self._stat = stat(self.name, dir_fd=self._dirfd)
            else:
                self._stat = self.stat(follow_symlinks=False)
        return self._stat


class _ScandirIterator:
    __qualname__ = 'ScandirIterator'

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'posix.ScandirIterator' instances")

    def __iter__(self):
        return self

    def __next__(self):
        items = self._items
        if items is None or self._i >= len(items):
            self._items = None
            raise StopIteration
        item = items[self._i]
        self._i += 1
        return item

    def close(self):
        self._items = None

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self._items = None
        return False


_ScandirIterator.__name__ = 'ScandirIterator'


def _scandir_build(prefix, dirfd, entries):
    items = []
    if prefix is not None:
        sep = b'/' if isinstance(prefix, bytes) else '/'
        if not prefix.endswith(sep):
            prefix = prefix + sep
    for name, dtype, ino in entries:
        e = object.__new__(DirEntry)
        e.name = name
        e.path = name if prefix is None else prefix + name
        e._dtype = dtype
        e._ino = ino
        e._dirfd = dirfd
        e._stat = None
        e._lstat = None
        items.append(e)
    it = object.__new__(_ScandirIterator)
    it._items = items
    it._i = 0
    return it
