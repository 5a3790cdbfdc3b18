# The native posix module directly (os.py needs sys additions to import it).
import posix, errno, stat

base = '/tmp/pyrite_posix_test_%d' % posix.getpid()
posix.mkdir(base)
old = posix.getcwd()
posix.chdir(base)
print(posix.listdir(), posix.listdir(b'.'), posix.getcwd() == base, posix.getcwdb() == base.encode())

fd = posix.open('a.txt', posix.O_WRONLY | posix.O_CREAT | posix.O_TRUNC, 0o644)
print(posix.write(fd, b'hello world\n'), posix.write(fd, bytearray(b'more')), posix.get_inheritable(fd), posix.get_blocking(fd))
posix.close(fd)
fd = posix.open(b'a.txt', posix.O_RDONLY)
print(posix.read(fd, 5), posix.lseek(fd, 0, 1), posix.read(fd, 100), posix.read(fd, 10))
st = posix.fstat(fd)
print(st.st_size, stat.S_ISREG(st.st_mode), oct(stat.S_IMODE(st.st_mode)), posix.isatty(fd))
posix.close(fd)

def err(f, *args, **kw):
    try:
        f(*args, **kw)
    except Exception as e:
        print(type(e).__name__, e, e.args, getattr(e, 'filename', None), getattr(e, 'filename2', None))
    else:
        print('no error')

err(posix.close, fd)
err(posix.stat, 'missing')
err(posix.stat, b'missing')
err(posix.mkdir, 'a.txt')
err(posix.rmdir, 'a.txt')
err(posix.listdir, 'a.txt')
err(posix.stat, [])
err(posix.mkdir, 3)
err(posix.stat, 'a\0b')
err(posix.stat, b'a\0b')
err(posix.stat)
err(posix.open, 'x')
err(posix.listdir, 3.0)
err(posix.read, 0, -1)
err(posix.write, 1, 'text')
err(posix.fspath, 3)
err(posix.putenv, 'a=b', 'c')
err(posix.urandom, -1)
err(posix.waitstatus_to_exitcode, 0x7f)

posix.mkdir('d1')
posix.mkdir('d1/d2', 0o755)
posix.rename('a.txt', 'd1/b.txt')
posix.symlink('d1/b.txt', 'link')
print(posix.readlink('link'), posix.readlink(b'link'), stat.S_ISLNK(posix.lstat('link').st_mode), posix.stat('link').st_size)
posix.link('d1/b.txt', 'hard')
print(posix.stat('hard').st_nlink)
posix.chmod('hard', 0o600)
print(oct(posix.stat('hard').st_mode & 0o777), posix.access('hard', posix.R_OK), posix.access('missing', posix.F_OK))
posix.utime('hard', (1000000000, 1500000000.25))
s = posix.stat('hard')
print(s.st_atime, s.st_mtime, s[7], s[8], s.st_mtime_ns, type(s).__name__, type(s).__module__, len(s))
posix.utime('hard', ns=(5, 1600000000123456789))
print(posix.stat('hard').st_mtime_ns)

with posix.scandir('.') as it:
    for e in sorted(it, key=lambda e: e.name):
        print(repr(e), e.name, e.path, e.is_dir(), e.is_file(), e.is_symlink(), e.is_dir(follow_symlinks=False),
              e.inode() == e.stat(follow_symlinks=False).st_ino, posix.fspath(e))
for e in posix.scandir(b'd1'):
    print(e.name, e.path, e.is_dir())
dfd = posix.open('d1', posix.O_RDONLY)
print(sorted(posix.listdir(dfd)), posix.stat('b.txt', dir_fd=dfd).st_size)
print(sorted((e.name, e.path, e.is_file()) for e in posix.scandir(dfd)))
posix.close(dfd)

# struct sequences
r = posix.stat_result(range(10))
print(r, r.st_atime, r.st_atime_ns, r == tuple(range(10)))
r = posix.stat_result(range(13))
print(r.st_atime, r.st_ctime, r.n_fields, r.n_sequence_fields, r.n_unnamed_fields)
err(posix.stat_result, (1, 2))
err(posix.stat_result, range(20))
print(posix.terminal_size((80, 24)), posix.terminal_size((80, 24)).lines)
print(type(posix.uname()).__name__, len(posix.uname()), posix.uname().sysname)
print(type(posix.times()).__name__, len(posix.times()))

posix.unlink('link')
posix.remove('hard')
posix.unlink('d1/b.txt')
posix.rmdir('d1/d2')
posix.rmdir('d1')
print(posix.listdir('.'))

# descriptors
r, w = posix.pipe()
print(posix.get_inheritable(r), posix.write(w, b'through the pipe'), posix.read(r, 7))
posix.set_inheritable(w, True)
print(posix.get_inheritable(w))
d = posix.dup(w)
print(d > w, posix.get_inheritable(d))
d2 = posix.dup2(r, d)
print(d2 == d, posix.get_inheritable(d))
posix.set_blocking(r, False)
print(posix.get_blocking(r))
err(posix.read, r, 100)
for x in (r, w, d):
    posix.close(x)

posix.putenv('PYRITE_ENV_T', 'v1')
print(posix.system('test "$PYRITE_ENV_T" = v1'))
posix.unsetenv('PYRITE_ENV_T')
print(posix.system('test -z "$PYRITE_ENV_T"'), posix.system('exit 3') >> 8)
print(type(posix.environ), all(type(k) is bytes and type(v) is bytes for k, v in posix.environ.items()))
print(posix.strerror(errno.ENOENT), posix.strerror(99999), len(posix.urandom(16)), posix.cpu_count() > 0)
print(posix.WIFEXITED(0), posix.WEXITSTATUS(256), posix.WIFSIGNALED(9), posix.WTERMSIG(9), posix.WIFSTOPPED(0x137f), posix.WSTOPSIG(0x137f))
print(posix.waitstatus_to_exitcode(3 << 8), posix.waitstatus_to_exitcode(9))
print(posix.error is OSError, posix.O_RDONLY, posix.O_CREAT, posix.F_OK, posix.X_OK, posix.WNOHANG)
print('HAVE_FSTATAT' in posix._have_functions)
posix.chdir(old)
posix.rmdir(base)
print(posix.access(base, posix.F_OK))
