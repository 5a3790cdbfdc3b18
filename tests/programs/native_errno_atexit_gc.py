import errno, atexit, gc, select, _signal, signal

print(errno.ENOENT, errno.EEXIST, errno.EAGAIN, errno.EWOULDBLOCK, errno.errorcode[errno.ENOENT])
print(len(errno.errorcode), errno.errorcode[11], errno.errorcode[35], errno.errorcode[95])
print(sorted(k for k in dir(errno) if k.startswith('EC')))

def bye(*args, **kwargs):
    print('bye', args, sorted(kwargs.items()))

class Boom:
    def __repr__(self):
        return '<Boom>'
    def __call__(self):
        raise ValueError('boom')
boom = Boom()

n0 = atexit._ncallbacks()
print(atexit.register(bye, 1, 2, k=3) is bye)
atexit.register(boom)
atexit.register(print, 'first to run')
atexit.register(bye, 'unregistered')
atexit.unregister(bye)
atexit.register(bye, 'kept')
print(atexit._ncallbacks() - n0)
try:
    atexit.register(3)
except TypeError as e:
    print(e)
import sys
class Capture:
    def __init__(self):
        self.parts = []
    def write(self, s):
        self.parts.append(s)
    def flush(self):
        pass
cap = Capture()
real_err, sys.stderr = sys.stderr, cap
atexit._run_exitfuncs()
sys.stderr = real_err
for line in ''.join(cap.parts).splitlines():
    print('stderr:', line.replace(__file__, 'FILE'))
print(atexit._ncallbacks())

print(type(gc.collect()), gc.isenabled())
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled(), gc.get_threshold(), gc.is_tracked(1), gc.is_tracked('s'), gc.is_tracked([]))
try:
    gc.collect(5)
except ValueError as e:
    print(e)

r, w = __import__('posix').pipe()
print(select.select([r], [w], [], 0) == ([], [w], []))
__import__('posix').write(w, b'x')
print(select.select([r], [], [], 1.5) == ([r], [], []))
try:
    select.select([-1], [], [])
except ValueError as e:
    print(e)

print(signal.SIGINT, repr(signal.SIGTERM), signal.getsignal(signal.SIGINT))
print(signal.strsignal(signal.SIGINT), len(signal.valid_signals()), signal.NSIG)
got = []
old = signal.signal(signal.SIGUSR1, lambda s, f: got.append(s))
print(old, signal.getsignal(signal.SIGUSR1) is not old)
signal.raise_signal(signal.SIGUSR1)
print(got)
print(signal.signal(signal.SIGUSR1, signal.SIG_IGN) is not None, signal.getsignal(signal.SIGUSR1))
signal.raise_signal(signal.SIGUSR1)
signal.signal(signal.SIGUSR1, signal.SIG_DFL)
for f in [lambda: signal.signal(99, signal.SIG_DFL), lambda: signal.signal(signal.SIGKILL, print),
          lambda: signal.signal(2, 5), lambda: signal.getsignal(0), lambda: signal.set_wakeup_fd(-1),
          lambda: signal.default_int_handler(2, None), lambda: signal.alarm(0)]:
    try:
        print(repr(f()))
    except BaseException as e:
        print(type(e).__name__, e)
print('end of main')
