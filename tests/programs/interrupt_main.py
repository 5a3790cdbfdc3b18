# _thread.interrupt_main from the main thread: the handler runs before the
# call returns (KeyboardInterrupt by default, a Python handler's exception,
# nothing for SIG_IGN); from another thread, at the main thread's next
# instruction boundary (not covered here: where exactly it lands is
# timing-dependent).
import _thread, signal

try:
    _thread.interrupt_main()
    print("not raised")
except KeyboardInterrupt:
    print("KeyboardInterrupt inside the call")

def handler(signum, frame):
    1 / 0
old = signal.signal(signal.SIGTERM, handler)
try:
    _thread.interrupt_main(signal.SIGTERM)
except ZeroDivisionError:
    print("handler's ZeroDivisionError")
signal.signal(signal.SIGTERM, old)

signal.signal(signal.SIGINT, signal.SIG_IGN)
_thread.interrupt_main()
print("ignored")
signal.signal(signal.SIGINT, signal.default_int_handler)

for bad in (-1, signal.NSIG, 10**6):
    try:
        _thread.interrupt_main(bad)
    except ValueError as e:
        print(e)
