# _io: StringIO, BytesIO, open() for text and binary files.
import _io
import io

s = _io.StringIO()
print(s.write("hello\n"), s.write("world\nlast"), s.tell())
print(repr(s.getvalue()))
s.seek(0)
print(repr(s.readline()), repr(s.read(3)), repr(s.read()), repr(s.read()))
s.seek(0)
print(list(s), s.closed)
s.seek(6)
s.write("WORLD")
print(repr(s.getvalue()), s.truncate(8), repr(s.getvalue()))
s.close()
print(s.closed)
try:
    s.write("x")
except ValueError as e:
    print("ValueError", e)
s = _io.StringIO("a\nb\r\nc\rd", newline=None)
print(s.readlines())
s = _io.StringIO("a\nb\r\nc\rd", newline="")
print(s.readlines())
with _io.StringIO("ctx") as s:
    print(s.read())

b = _io.BytesIO(b"abc\ndef\n")
print(b.read(2), b.readline(), b.tell(), b.readlines())
b.seek(0, 2)
b.write(b"ghi")
print(b.getvalue(), b.seek(1), b.read(), b.truncate(3), b.getvalue())
b.seek(5)
b.write(b"Z")
print(b.getvalue(), bytes(b.getbuffer()))

import posix
path = "/tmp/_pyrite_io_test.txt"
with open(path, "w") as f:
    print(f.write("line one\nline two\n"), f.writable(), f.readable())
    f.write("héllo ✓\n")
with open(path) as f:
    print(f.readline(), end="")
    print(f.read())
with open(path) as f:
    print([l for l in f])
with open(path, "rb") as f:
    data = f.read()
    print(data, f.tell())
with open(path, "a", encoding="utf-8") as f:
    f.write("appended\r\n")
with open(path, newline="") as f:
    print(f.readlines())
with open(path) as f:
    print(f.readlines())
with open(path, "r+b") as f:
    f.seek(5)
    f.write(b"ONE")
    f.seek(0)
    print(f.readline())
with open(path, "w", newline="\r\n") as f:
    f.write("a\nb\n")
with open(path, "rb") as f:
    print(f.read())
try:
    open("/nonexistent/x")
except FileNotFoundError as e:
    print("FileNotFoundError", e.errno)
try:
    open(path, "rw")
except ValueError as e:
    print("ValueError", e)
f = open(path, "rb", buffering=0)
print(type(f).__name__, f.read(1), f.readall())
f.close()
posix.unlink(path)
print(io.StringIO is _io.StringIO, isinstance(io.StringIO(), io.TextIOBase), isinstance(io.BytesIO(), io.BufferedIOBase), io.SEEK_END)
mv = memoryview(b"abcd")
print(len(mv), mv[1], mv[1:3].tobytes(), mv.tolist(), mv == b"abcd", mv.readonly, mv.format, mv.itemsize, mv.nbytes)
ba = bytearray(b"xyz")
m2 = memoryview(ba)
m2[0] = 65
m2[1:3] = b"BC"
print(ba, m2.readonly, bytes(m2[::-1]), m2.cast("c")[0], memoryview(b"\x01\x00\x00\x00\x02\x00\x00\x00").cast("I").tolist())
with memoryview(b"q") as m3:
    print(m3.tobytes())
try:
    m3.tobytes()
except ValueError as e:
    print(e)
