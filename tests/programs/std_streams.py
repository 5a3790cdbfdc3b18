# The standard streams' CPython surface: their types, .buffer (a binary
# stream on the same descriptor), reconfigure(), line_buffering and
# write_through.
import sys

print(type(sys.stdout), type(sys.stderr), type(sys.stdin))
print(sys.stdout.buffer is sys.stdout.buffer)
print(sys.stdout.buffer.mode, sys.stdin.buffer.mode, sys.stdout.buffer.fileno())
print(sys.stdout.buffer.writable(), sys.stdin.buffer.readable())
sys.stdout.flush()
n = sys.stdout.buffer.write(b"bytes through the buffer\n")
m = sys.stdout.buffer.write(bytearray(b"a bytearray\n"))
sys.stdout.buffer.write(memoryview(b"a memoryview\n"))
sys.stdout.buffer.flush()
print(n, m)
try:
    sys.stdout.buffer.write("text")
except TypeError as e:
    print("TypeError", e)

sys.stdout.reconfigure(line_buffering=True)
print(sys.stdout.line_buffering)
sys.stdout.reconfigure(line_buffering=False, write_through=True)
print(sys.stdout.line_buffering, sys.stdout.write_through)
sys.stdout.reconfigure(encoding="ascii", errors="replace")
print(sys.stdout.encoding, sys.stdout.errors)
print("caf\xe9 \u20ac")
sys.stdout.reconfigure(errors="backslashreplace")
print(sys.stdout.encoding, sys.stdout.errors)
print("caf\xe9 \u20ac")
sys.stdout.reconfigure(encoding="latin-1")
print(sys.stdout.encoding, sys.stdout.errors)
sys.stdout.reconfigure(encoding="utf-8")
print("caf\xe9 \u20ac")
sys.stdout.reconfigure(newline="\r\n")
print("two\nlines")
sys.stdout.reconfigure(newline=None)
print("plain again")
for kw in [dict(newline="x"), dict(encoding="no-such-codec"), dict(encoding=1)]:
    try:
        sys.stdout.reconfigure(**kw)
    except (ValueError, LookupError, TypeError) as e:
        print(type(e).__name__, e)
try:
    sys.stdout.reconfigure("utf-8")
except TypeError as e:
    print("TypeError", e)
print(sys.stdout.encoding)
sys.stdout.reconfigure(write_through=False)
