# The body of Pyrite's `_io` module, run in the module's namespace by
# vm/src/modules/iomod.rs: the I/O stack of CPython's Modules/_io, written
# in Python over `posix` (file descriptors) and `_codecs`. Compact: the
# classes and methods that programs and Lib/io.py use.

import posix as _posix
import _codecs

DEFAULT_BUFFER_SIZE = 8192
BlockingIOError = BlockingIOError


class UnsupportedOperation(OSError, ValueError):
    pass


def text_encoding(encoding, stacklevel=2):
    if encoding is None:
        return "utf-8"
    return encoding


def _norm_encoding(encoding):
    e = encoding.lower().replace("-", "_").replace(" ", "_")
    if e in ("utf_8", "utf8", "u8", "utf", "locale"):
        return "utf-8"
    return encoding


class _IOBase:
    _closed = False

    def __enter__(self):
        self._checkClosed()
        return self

    def __exit__(self, *args):
        self.close()

    def __iter__(self):
        self._checkClosed()
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    @property
    def closed(self):
        return self._closed

    def close(self):
        if not self._closed:
            try:
                self.flush()
            finally:
                self._closed = True

    def flush(self):
        self._checkClosed()

    def _checkClosed(self, msg=None):
        if self.closed:
            raise ValueError("I/O operation on closed file." if msg is None else msg)

    def _unsupported(self, name):
        raise UnsupportedOperation("%s.%s() not supported" % (type(self).__name__, name))

    def seek(self, pos, whence=0):
        self._unsupported("seek")

    def tell(self):
        return self.seek(0, 1)

    def truncate(self, pos=None):
        self._unsupported("truncate")

    def seekable(self):
        return False

    def readable(self):
        return False

    def writable(self):
        return False

    def _checkSeekable(self):
        if not self.seekable():
            raise UnsupportedOperation("File or stream is not seekable.")

    def _checkReadable(self):
        if not self.readable():
            raise UnsupportedOperation("File or stream is not readable.")

    def _checkWritable(self):
        if not self.writable():
            raise UnsupportedOperation("File or stream is not writable.")

    def fileno(self):
        self._unsupported("fileno")

    def isatty(self):
        self._checkClosed()
        return False

    def readline(self, size=-1):
        if size is None:
            size = -1
        res = bytearray()
        while size < 0 or len(res) < size:
            b = self.read(1)
            if not b:
                break
            res += b
            if res.endswith(b"\n"):
                break
        return bytes(res)

    def readlines(self, hint=None):
        if hint is None or hint <= 0:
            return list(self)
        n = 0
        lines = []
        for line in self:
            lines.append(line)
            n += len(line)
            if n >= hint:
                break
        return lines

    def writelines(self, lines):
        self._checkClosed()
        for line in lines:
            self.write(line)


class _RawIOBase(_IOBase):
    def read(self, size=-1):
        if size is None:
            size = -1
        if size < 0:
            return self.readall()
        b = bytearray(size)
        n = self.readinto(b)
        if n is None:
            return None
        del b[n:]
        return bytes(b)

    def readall(self):
        res = bytearray()
        while True:
            data = self.read(DEFAULT_BUFFER_SIZE)
            if not data:
                break
            res += data
        return bytes(res)

    def readinto(self, b):
        self._unsupported("readinto")

    def write(self, b):
        self._unsupported("write")


class _BufferedIOBase(_IOBase):
    def read(self, size=-1):
        self._unsupported("read")

    def read1(self, size=-1):
        return self.read(size)

    def write(self, b):
        self._unsupported("write")

    def readinto(self, b):
        data = self.read(len(b))
        n = len(data)
        b[:n] = data
        return n

    def readinto1(self, b):
        return self.readinto(b)

    def detach(self):
        self._unsupported("detach")


class _TextIOBase(_IOBase):
    def read(self, size=-1):
        self._unsupported("read")

    def write(self, s):
        self._unsupported("write")

    def readline(self, size=-1):
        self._unsupported("readline")

    def detach(self):
        self._unsupported("detach")

    @property
    def encoding(self):
        return None

    @property
    def newlines(self):
        return None

    @property
    def errors(self):
        return None


class BytesIO(_BufferedIOBase):
    def __init__(self, initial_bytes=None):
        buf = bytearray()
        if initial_bytes is not None:
            buf += initial_bytes
        self._buffer = buf
        self._pos = 0

    def __getstate__(self):
        self._checkClosed()
        return (self.getvalue(), self._pos, None)

    def getvalue(self):
        self._checkClosed()
        return bytes(self._buffer)

    def getbuffer(self):
        self._checkClosed()
        return memoryview(self._buffer)

    def close(self):
        self._closed = True

    def _checkClosed(self, msg=None):
        if self._closed:
            raise ValueError("I/O operation on closed file.")

    def read(self, size=-1):
        self._checkClosed()
        if size is None:
            size = -1
        else:
            size = size.__index__()
        if size < 0:
            size = len(self._buffer)
        if len(self._buffer) <= self._pos:
            return b""
        newpos = min(len(self._buffer), self._pos + size)
        b = self._buffer[self._pos:newpos]
        self._pos = newpos
        return bytes(b)

    def read1(self, size=-1):
        return self.read(size)

    def readline(self, size=-1):
        self._checkClosed()
        if size is None:
            size = -1
        buf = self._buffer
        i = buf.find(b"\n", self._pos)
        end = len(buf) if i < 0 else i + 1
        if size >= 0:
            end = min(end, self._pos + size)
        if self._pos >= len(buf):
            return b""
        b = bytes(buf[self._pos:end])
        self._pos = max(self._pos, end)
        return b

    def write(self, b):
        self._checkClosed()
        if isinstance(b, str):
            raise TypeError("a bytes-like object is required, not 'str'")
        data = bytes(b)
        n = len(data)
        if n == 0:
            return 0
        pos = self._pos
        if pos > len(self._buffer):
            self._buffer += b"\x00" * (pos - len(self._buffer))
        self._buffer[pos:pos + n] = data
        self._pos += n
        return n

    def seek(self, pos, whence=0):
        self._checkClosed()
        pos = pos.__index__()
        if whence == 0:
            if pos < 0:
                raise ValueError("negative seek value %d" % (pos,))
            self._pos = pos
        elif whence == 1:
            self._pos = max(0, self._pos + pos)
        elif whence == 2:
            self._pos = max(0, len(self._buffer) + pos)
        else:
            raise ValueError("invalid whence (%r, should be 0, 1 or 2)" % (whence,))
        return self._pos

    def tell(self):
        self._checkClosed()
        return self._pos

    def truncate(self, pos=None):
        self._checkClosed()
        if pos is None:
            pos = self._pos
        else:
            pos = pos.__index__()
            if pos < 0:
                raise ValueError("negative size value %d" % (pos,))
        del self._buffer[pos:]
        return pos

    def readable(self):
        self._checkClosed()
        return True

    def writable(self):
        self._checkClosed()
        return True

    def seekable(self):
        self._checkClosed()
        return True


class StringIO(_TextIOBase):
    def __init__(self, initial_value="", newline="\n"):
        if newline is not None and not isinstance(newline, str):
            raise TypeError("newline must be str or None, not %s" % type(newline).__name__)
        if newline not in (None, "", "\n", "\r", "\r\n"):
            raise ValueError("illegal newline value: %r" % (newline,))
        if initial_value is not None and not isinstance(initial_value, str):
            raise TypeError("initial_value must be str or None, not %s" % type(initial_value).__name__)
        self._newline = newline
        self._readuniversal = newline is None or newline == ""
        self._seennl = 0
        self._chunks = []
        self._value = ""
        self._pos = 0
        if initial_value:
            self.write(initial_value)
            self._pos = 0

    def _flat(self):
        if self._chunks:
            self._value += "".join(self._chunks)
            self._chunks = []
        return self._value

    def __getstate__(self):
        return (self.getvalue(), self._newline, self._pos, None)

    def close(self):
        self._closed = True

    def _checkClosed(self, msg=None):
        if self._closed:
            raise ValueError("I/O operation on closed file")

    def getvalue(self):
        self._checkClosed()
        return self._flat()

    def _translate(self, s):
        nl = self._newline
        if nl is None:
            if "\r" in s:
                s = s.replace("\r\n", "\n").replace("\r", "\n")
        elif nl != "" and nl != "\n":
            s = s.replace("\n", nl)
        return s

    def write(self, s):
        self._checkClosed()
        if not isinstance(s, str):
            raise TypeError("string argument expected, got '%s'" % type(s).__name__)
        n = len(s)
        s = self._translate(s)
        if self._newline is None or self._newline == "":
            if "\r\n" in s:
                self._seennl |= 4
            if "\n" in s.replace("\r\n", ""):
                self._seennl |= 2
            if "\r" in s.replace("\r\n", ""):
                self._seennl |= 1
        if not s:
            return n
        size = len(self._value) + sum(map(len, self._chunks))
        if self._pos == size:
            self._chunks.append(s)
            self._pos += len(s)
            return n
        v = self._flat()
        if self._pos > len(v):
            v += "\0" * (self._pos - len(v))
        self._value = v[:self._pos] + s + v[self._pos + len(s):]
        self._pos += len(s)
        return n

    def read(self, size=-1):
        self._checkClosed()
        if size is None:
            size = -1
        v = self._flat()
        if size < 0:
            r = v[self._pos:]
        else:
            r = v[self._pos:self._pos + size]
        self._pos += len(r)
        return r

    def readline(self, size=-1):
        self._checkClosed()
        if size is None:
            size = -1
        v = self._flat()
        start = self._pos
        if start >= len(v):
            return ""
        if self._newline == "":
            i = start
            n = len(v)
            end = n
            while i < n:
                c = v[i]
                if c == "\n":
                    end = i + 1
                    break
                if c == "\r":
                    end = i + 2 if i + 1 < n and v[i + 1] == "\n" else i + 1
                    break
                i += 1
        else:
            nl = "\n" if self._newline is None else self._newline
            i = v.find(nl, start)
            end = len(v) if i < 0 else i + len(nl)
        if size >= 0:
            end = min(end, start + size)
        self._pos = end
        return v[start:end]

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def seek(self, pos, whence=0):
        self._checkClosed()
        if whence == 0:
            if pos < 0:
                raise ValueError("Negative seek position %d" % (pos,))
            self._pos = pos
        elif whence == 1:
            if pos != 0:
                raise OSError("Can't do nonzero cur-relative seeks")
        elif whence == 2:
            if pos != 0:
                raise OSError("Can't do nonzero end-relative seeks")
            self._pos = len(self._flat())
        else:
            raise ValueError("Invalid whence (%r, should be 0, 1 or 2)" % (whence,))
        return self._pos

    def tell(self):
        self._checkClosed()
        return self._pos

    def truncate(self, pos=None):
        self._checkClosed()
        if pos is None:
            pos = self._pos
        if pos < 0:
            raise ValueError("Negative size value %d" % (pos,))
        v = self._flat()
        self._value = v[:pos]
        return pos

    def readable(self):
        self._checkClosed()
        return True

    def writable(self):
        self._checkClosed()
        return True

    def seekable(self):
        self._checkClosed()
        return True

    @property
    def line_buffering(self):
        return False

    @property
    def newlines(self):
        return (None, "\r", "\n", ("\r", "\n"), "\r\n", ("\r", "\r\n"), ("\n", "\r\n"), ("\r", "\n", "\r\n"))[self._seennl]


class FileIO(_RawIOBase):
    def __init__(self, file, mode="r", closefd=True, opener=None):
        self._fd = -1
        if isinstance(file, float):
            raise TypeError("integer argument expected, got float")
        if isinstance(file, int):
            fd = file
            if fd < 0:
                raise ValueError("negative file descriptor")
        else:
            fd = -1
        if not isinstance(mode, str):
            raise TypeError("invalid mode: %s" % (mode,))
        if not set(mode) <= set("xrwab+"):
            raise ValueError("invalid mode: %s" % (mode,))
        if sum(c in "rwax" for c in mode) != 1 or mode.count("+") > 1:
            raise ValueError("Must have exactly one of create/read/write/append mode and at most one plus")
        self._readable = self._writable = self._appending = self._created = False
        if "x" in mode:
            self._created = self._writable = True
            flags = _posix.O_EXCL | _posix.O_CREAT
        elif "r" in mode:
            self._readable = True
            flags = 0
        elif "w" in mode:
            self._writable = True
            flags = _posix.O_CREAT | _posix.O_TRUNC
        else:
            self._writable = self._appending = True
            flags = _posix.O_APPEND | _posix.O_CREAT
        if "+" in mode:
            self._readable = self._writable = True
        if self._readable and self._writable:
            flags |= _posix.O_RDWR
        elif self._readable:
            flags |= _posix.O_RDONLY
        else:
            flags |= _posix.O_WRONLY
        if fd < 0:
            if not closefd:
                raise ValueError("Cannot use closefd=False with file name")
            if opener is None:
                fd = _posix.open(file, flags, 0o666)
            else:
                fd = opener(file, flags)
                if not isinstance(fd, int):
                    raise TypeError("expected integer from opener")
                if fd < 0:
                    raise ValueError("opener returned %d" % fd)
        self._fd = fd
        self._closefd = closefd
        self.name = file
        self._seekable = None
        if self._appending:
            try:
                _posix.lseek(fd, 0, 2)
            except OSError:
                pass
        try:
            import stat as _stat
        except Exception:
            _stat = None
        try:
            st = _posix.fstat(fd)
            if _stat is not None and _stat.S_ISDIR(st.st_mode):
                if self._closefd:
                    _posix.close(fd)
                self._fd = -1
                raise IsADirectoryError(21, "Is a directory", file)
        except AttributeError:
            pass

    def __repr__(self):
        if self.closed:
            return "<_io.FileIO [closed]>"
        return "<_io.FileIO name=%r mode=%r closefd=%r>" % (self.name, self.mode, self._closefd)

    @property
    def closefd(self):
        return self._closefd

    @property
    def mode(self):
        if self._created:
            return "xb+" if self._readable else "xb"
        if self._appending:
            return "ab+" if self._readable else "ab"
        if self._readable:
            return "rb+" if self._writable else "rb"
        return "wb"

    def _checkClosed(self, msg=None):
        if self._fd < 0:
            raise ValueError("I/O operation on closed file")

    @property
    def closed(self):
        return self._fd < 0

    def close(self):
        if self._fd >= 0:
            fd = self._fd
            self._fd = -1
            if self._closefd:
                _posix.close(fd)

    def fileno(self):
        self._checkClosed()
        return self._fd

    def readable(self):
        self._checkClosed()
        return self._readable

    def writable(self):
        self._checkClosed()
        return self._writable

    def seekable(self):
        self._checkClosed()
        if self._seekable is None:
            try:
                _posix.lseek(self._fd, 0, 1)
                self._seekable = True
            except OSError:
                self._seekable = False
        return self._seekable

    def isatty(self):
        self._checkClosed()
        return _posix.isatty(self._fd)

    def read(self, size=-1):
        self._checkClosed()
        if not self._readable:
            raise UnsupportedOperation("File not open for reading")
        if size is None or size < 0:
            return self.readall()
        return _posix.read(self._fd, size)

    def readall(self):
        self._checkClosed()
        if not self._readable:
            raise UnsupportedOperation("File not open for reading")
        chunks = []
        while True:
            data = _posix.read(self._fd, 65536)
            if not data:
                break
            chunks.append(data)
        return b"".join(chunks)

    def readinto(self, b):
        data = self.read(len(b))
        n = len(data)
        b[:n] = data
        return n

    def write(self, b):
        self._checkClosed()
        if not self._writable:
            raise UnsupportedOperation("File not open for writing")
        return _posix.write(self._fd, bytes(b))

    def seek(self, pos, whence=0):
        self._checkClosed()
        if isinstance(pos, float):
            raise TypeError("an integer is required")
        return _posix.lseek(self._fd, pos, whence)

    def tell(self):
        self._checkClosed()
        return _posix.lseek(self._fd, 0, 1)

    def truncate(self, size=None):
        self._checkClosed()
        if not self._writable:
            raise UnsupportedOperation("File not open for writing")
        if size is None:
            size = self.tell()
        _posix.ftruncate(self._fd, size)
        return size


class _BufferedBase(_BufferedIOBase):
    def __init__(self, raw, buffer_size=DEFAULT_BUFFER_SIZE):
        if buffer_size <= 0:
            raise ValueError("buffer size must be strictly positive")
        self.raw = raw
        self.buffer_size = buffer_size
        self._rbuf = b""
        self._wbuf = bytearray()

    def __repr__(self):
        try:
            name = self.name
        except Exception:
            return "<_io.%s>" % type(self).__name__
        return "<_io.%s name=%r>" % (type(self).__name__, name)

    @property
    def name(self):
        return self.raw.name

    @property
    def mode(self):
        return self.raw.mode

    @property
    def closed(self):
        return self.raw.closed

    def fileno(self):
        return self.raw.fileno()

    def isatty(self):
        return self.raw.isatty()

    def readable(self):
        return self.raw.readable()

    def writable(self):
        return self.raw.writable()

    def seekable(self):
        return self.raw.seekable()

    def detach(self):
        self.flush()
        raw = self.raw
        self.raw = None
        return raw

    def close(self):
        if self.raw is not None and not self.raw.closed:
            try:
                self.flush()
            finally:
                self.raw.close()

    def flush(self):
        if self.raw.closed:
            if self._wbuf:
                raise ValueError("flush on closed file")
            return
        if self._wbuf:
            data = bytes(self._wbuf)
            self._wbuf = bytearray()
            while data:
                n = self.raw.write(data)
                if n is None:
                    n = 0
                data = data[n:]

    def _drop_read(self):
        if self._rbuf:
            n = len(self._rbuf)
            self._rbuf = b""
            try:
                self.raw.seek(-n, 1)
            except Exception:
                pass

    def read(self, size=-1):
        self._checkClosed()
        self.flush()
        if size is None or size < 0:
            data = self._rbuf + (self.raw.readall() or b"")
            self._rbuf = b""
            return data
        while len(self._rbuf) < size:
            chunk = self.raw.read(max(self.buffer_size, size - len(self._rbuf)))
            if not chunk:
                break
            self._rbuf += chunk
        data, self._rbuf = self._rbuf[:size], self._rbuf[size:]
        return data

    def read1(self, size=-1):
        self._checkClosed()
        if size is None or size < 0:
            size = self.buffer_size
        if not self._rbuf:
            self.flush()
            self._rbuf = self.raw.read(max(size, self.buffer_size)) or b""
        data, self._rbuf = self._rbuf[:size], self._rbuf[size:]
        return data

    def peek(self, size=0):
        self._checkClosed()
        if not self._rbuf:
            self._rbuf = self.raw.read(self.buffer_size) or b""
        return self._rbuf

    def readline(self, size=-1):
        self._checkClosed()
        self.flush()
        if size is None:
            size = -1
        while True:
            i = self._rbuf.find(b"\n")
            if i >= 0 or (size >= 0 and len(self._rbuf) >= size):
                break
            chunk = self.raw.read(self.buffer_size)
            if not chunk:
                break
            self._rbuf += chunk
        i = self._rbuf.find(b"\n")
        end = len(self._rbuf) if i < 0 else i + 1
        if size >= 0:
            end = min(end, size)
        data, self._rbuf = self._rbuf[:end], self._rbuf[end:]
        return data

    def write(self, b):
        self._checkClosed()
        if isinstance(b, str):
            raise TypeError("a bytes-like object is required, not 'str'")
        self._drop_read()
        data = bytes(b)
        self._wbuf += data
        if len(self._wbuf) >= self.buffer_size:
            self.flush()
        return len(data)

    def seek(self, pos, whence=0):
        self._checkClosed()
        self.flush()
        if whence == 1:
            pos -= len(self._rbuf)
        self._rbuf = b""
        return self.raw.seek(pos, whence)

    def tell(self):
        return self.raw.tell() - len(self._rbuf) + len(self._wbuf)

    def truncate(self, pos=None):
        self.flush()
        if pos is None:
            pos = self.tell()
        self._drop_read()
        return self.raw.truncate(pos)


class BufferedReader(_BufferedBase):
    def write(self, b):
        self._checkClosed()
        raise UnsupportedOperation("write")


class BufferedWriter(_BufferedBase):
    pass


class BufferedRandom(_BufferedBase):
    pass


class BufferedRWPair(_BufferedIOBase):
    def __init__(self, reader, writer, buffer_size=DEFAULT_BUFFER_SIZE):
        self.reader = BufferedReader(reader, buffer_size)
        self.writer = BufferedWriter(writer, buffer_size)

    def read(self, size=-1):
        return self.reader.read(size)

    def readline(self, size=-1):
        return self.reader.readline(size)

    def peek(self, size=0):
        return self.reader.peek(size)

    def read1(self, size=-1):
        return self.reader.read1(size)

    def write(self, b):
        return self.writer.write(b)

    def flush(self):
        return self.writer.flush()

    def readable(self):
        return self.reader.readable()

    def writable(self):
        return self.writer.writable()

    def close(self):
        try:
            self.writer.close()
        finally:
            self.reader.close()

    @property
    def closed(self):
        return self.writer.closed


class IncrementalNewlineDecoder:
    def __init__(self, decoder, translate, errors="strict"):
        self.decoder = decoder
        self.translate = translate
        self.errors = errors
        self.seennl = 0
        self.pendingcr = False

    def decode(self, input, final=False):
        if self.decoder is None:
            output = input
        else:
            output = self.decoder.decode(input, final=final)
        if self.pendingcr and (output or final):
            output = "\r" + output
            self.pendingcr = False
        if output.endswith("\r") and not final:
            output = output[:-1]
            self.pendingcr = True
        crlf = output.count("\r\n")
        cr = output.count("\r") - crlf
        lf = output.count("\n") - crlf
        self.seennl |= (lf and 1) | (cr and 2) | (crlf and 4)
        if self.translate:
            if crlf:
                output = output.replace("\r\n", "\n")
            if cr:
                output = output.replace("\r", "\n")
        return output

    def getstate(self):
        if self.decoder is None:
            buf, flag = b"", 0
        else:
            buf, flag = self.decoder.getstate()
        flag <<= 1
        if self.pendingcr:
            flag |= 1
        return buf, flag

    def setstate(self, state):
        buf, flag = state
        self.pendingcr = bool(flag & 1)
        if self.decoder is not None:
            self.decoder.setstate((buf, flag >> 1))

    def reset(self):
        self.seennl = 0
        self.pendingcr = False
        if self.decoder is not None:
            self.decoder.reset()

    @property
    def newlines(self):
        return (None, "\n", "\r", ("\r", "\n"), "\r\n", ("\n", "\r\n"), ("\r", "\r\n"), ("\r", "\n", "\r\n"))[self.seennl]


class _Utf8Decoder:
    def __init__(self, errors="strict"):
        self.errors = errors
        self.buf = b""

    def decode(self, input, final=False):
        data = self.buf + bytes(input)
        s, n = _codecs.utf_8_decode(data, self.errors, final)
        self.buf = data[n:]
        return s

    def getstate(self):
        return (self.buf, 0)

    def setstate(self, state):
        self.buf = state[0]

    def reset(self):
        self.buf = b""


class TextIOWrapper(_TextIOBase):
    _CHUNK_SIZE = 8192

    def __init__(self, buffer, encoding=None, errors=None, newline=None, line_buffering=False, write_through=False):
        if newline is not None and not isinstance(newline, str):
            raise TypeError("illegal newline type: %r" % (type(newline),))
        if newline not in (None, "", "\n", "\r", "\r\n"):
            raise ValueError("illegal newline value: %r" % (newline,))
        if encoding is None or encoding == "locale":
            encoding = "utf-8"
        if not isinstance(encoding, str):
            raise TypeError("TextIOWrapper() argument 'encoding' must be str or None, not %s" % type(encoding).__name__)
        if errors is None:
            errors = "strict"
        self._buffer = buffer
        self._encoding = encoding
        self._errors = errors
        self._readuniversal = not newline
        self._readtranslate = newline is None
        self._readnl = newline
        self._writetranslate = newline != ""
        self._writenl = newline or "\n"
        self._line_buffering = line_buffering
        self._write_through = write_through
        self._decoded = ""
        self._decoded_pos = 0
        self._decoder = None
        self._encoder = None
        self._utf8 = _norm_encoding(encoding) == "utf-8"
        self._eof = False

    def __repr__(self):
        r = "<_io.TextIOWrapper"
        try:
            r += " name=%r" % (self.name,)
        except Exception:
            pass
        try:
            r += " mode=%r" % (self.mode,)
        except Exception:
            pass
        return r + " encoding=%r>" % (self._encoding,)

    @property
    def encoding(self):
        return self._encoding

    @property
    def errors(self):
        return self._errors

    @property
    def line_buffering(self):
        return self._line_buffering

    @property
    def write_through(self):
        return self._write_through

    @property
    def buffer(self):
        return self._buffer

    @property
    def name(self):
        return self._buffer.name

    @property
    def closed(self):
        return self._buffer.closed

    @property
    def newlines(self):
        return self._decoder.newlines if self._decoder else None

    def fileno(self):
        return self._buffer.fileno()

    def isatty(self):
        return self._buffer.isatty()

    def readable(self):
        return self._buffer.readable()

    def writable(self):
        return self._buffer.writable()

    def seekable(self):
        return self._buffer.seekable()

    def flush(self):
        self._buffer.flush()

    def close(self):
        if self._buffer is not None and not self.closed:
            try:
                self.flush()
            finally:
                self._buffer.close()

    def detach(self):
        self.flush()
        b = self._buffer
        self._buffer = None
        return b

    def reconfigure(self, *, encoding=None, errors=None, newline=Ellipsis, line_buffering=None, write_through=None):
        if encoding is not None:
            self._encoding = encoding
            self._utf8 = _norm_encoding(encoding) == "utf-8"
            self._encoder = self._decoder = None
        if errors is not None:
            self._errors = errors
        if newline is not Ellipsis:
            self._readuniversal = not newline
            self._readtranslate = newline is None
            self._readnl = newline
            self._writetranslate = newline != ""
            self._writenl = newline or "\n"
        if line_buffering is not None:
            self._line_buffering = line_buffering
        if write_through is not None:
            self._write_through = write_through

    def _encode(self, s):
        if self._utf8:
            return _codecs.utf_8_encode(s, self._errors)[0]
        if self._encoder is None:
            import codecs
            self._encoder = codecs.getincrementalencoder(self._encoding)(self._errors)
        return self._encoder.encode(s)

    def write(self, s):
        self._checkClosed()
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not %s" % type(s).__name__)
        if not self.writable():
            raise UnsupportedOperation("not writable")
        n = len(s)
        haslf = (self._writetranslate or self._line_buffering) and "\n" in s
        if haslf and self._writetranslate and self._writenl != "\n":
            s = s.replace("\n", self._writenl)
        self._discard_read()
        self._buffer.write(self._encode(s))
        if self._line_buffering and (haslf or "\r" in s):
            self.flush()
        return n

    def _get_decoder(self):
        if self._decoder is None:
            if self._utf8:
                d = _Utf8Decoder(self._errors)
            else:
                import codecs
                d = codecs.getincrementaldecoder(self._encoding)(self._errors)
            if self._readuniversal:
                d = IncrementalNewlineDecoder(d, self._readtranslate)
            self._decoder = d
        return self._decoder

    def _discard_read(self):
        if self._decoded_pos < len(self._decoded) and self.seekable():
            rest = self._decoded[self._decoded_pos:]
            self._buffer.seek(-len(self._encode(rest)), 1)
        self._decoded = ""
        self._decoded_pos = 0

    def _read_chunk(self):
        d = self._get_decoder()
        data = self._buffer.read1(self._CHUNK_SIZE) if hasattr(self._buffer, "read1") else self._buffer.read(self._CHUNK_SIZE)
        eof = not data
        text = d.decode(data or b"", final=eof)
        self._decoded = self._decoded[self._decoded_pos:] + text
        self._decoded_pos = 0
        return not eof

    def read(self, size=-1):
        self._checkClosed()
        if not self.readable():
            raise UnsupportedOperation("not readable")
        if size is None:
            size = -1
        if size < 0:
            d = self._get_decoder()
            data = self._buffer.read()
            text = self._decoded[self._decoded_pos:] + d.decode(data or b"", final=True)
            self._decoded = ""
            self._decoded_pos = 0
            return text
        while len(self._decoded) - self._decoded_pos < size:
            if not self._read_chunk():
                break
        r = self._decoded[self._decoded_pos:self._decoded_pos + size]
        self._decoded_pos += len(r)
        return r

    def readline(self, size=-1):
        self._checkClosed()
        if size is None:
            size = -1
        while True:
            text = self._decoded
            start = self._decoded_pos
            if self._readtranslate or self._readnl == "\n":
                i = text.find("\n", start)
                end = i + 1 if i >= 0 else -1
            elif self._readuniversal:
                end = -1
                i = start
                n = len(text)
                while i < n:
                    c = text[i]
                    if c == "\n":
                        end = i + 1
                        break
                    if c == "\r":
                        if i + 1 < n:
                            end = i + 2 if text[i + 1] == "\n" else i + 1
                            break
                        end = -2
                        break
                    i += 1
            else:
                i = text.find(self._readnl, start)
                end = i + len(self._readnl) if i >= 0 else -1
            if end >= 0 or (size >= 0 and len(text) - start >= size):
                if end < 0 or (size >= 0 and end - start > size):
                    end = start + size
                break
            if not self._read_chunk():
                end = len(self._decoded)
                start = self._decoded_pos
                break
        r = self._decoded[self._decoded_pos:end]
        self._decoded_pos = end
        return r

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def tell(self):
        self._checkClosed()
        self.flush()
        pos = self._buffer.tell()
        rest = self._decoded[self._decoded_pos:]
        if rest:
            pos -= len(self._encode(rest))
        return pos

    def seek(self, cookie, whence=0):
        self._checkClosed()
        if whence == 1:
            if cookie != 0:
                raise UnsupportedOperation("can't do nonzero cur-relative seeks")
            cookie = self.tell()
            whence = 0
        elif whence == 2:
            if cookie != 0:
                raise UnsupportedOperation("can't do nonzero end-relative seeks")
            self.flush()
            self._decoded = ""
            self._decoded_pos = 0
            self._decoder = None
            return self._buffer.seek(0, 2)
        if cookie < 0:
            raise ValueError("negative seek position %r" % (cookie,))
        self.flush()
        self._decoded = ""
        self._decoded_pos = 0
        self._decoder = None
        self._buffer.seek(cookie)
        return cookie

    def truncate(self, pos=None):
        self.flush()
        if pos is None:
            pos = self.tell()
        return self._buffer.truncate(pos)


def open(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None, closefd=True, opener=None):
    if not isinstance(file, int):
        file = _posix.fspath(file)
    if not isinstance(file, (str, bytes, int)):
        raise TypeError("invalid file: %r" % (file,))
    if not isinstance(mode, str):
        raise TypeError("open() argument 'mode' must be str, not %s" % type(mode).__name__)
    modes = set(mode)
    if modes - set("axrwb+tU") or len(mode) > len(modes):
        raise ValueError("invalid mode: '%s'" % mode)
    creating = "x" in modes
    reading = "r" in modes
    writing = "w" in modes
    appending = "a" in modes
    updating = "+" in modes
    text = "t" in modes
    binary = "b" in modes
    if "U" in modes:
        if creating or writing or appending or updating:
            raise ValueError("mode U cannot be combined with 'x', 'w', 'a', or '+'")
        reading = True
    if text and binary:
        raise ValueError("can't have text and binary mode at once")
    if creating + reading + writing + appending > 1:
        raise ValueError("must have exactly one of create/read/write/append mode")
    if not (creating or reading or writing or appending):
        raise ValueError("Must have exactly one of create/read/write/append mode and at most one plus")
    if binary and encoding is not None:
        raise ValueError("binary mode doesn't take an encoding argument")
    if binary and errors is not None:
        raise ValueError("binary mode doesn't take an errors argument")
    if binary and newline is not None:
        raise ValueError("binary mode doesn't take a newline argument")
    if binary and buffering == 1:
        import warnings
        warnings.warn("line buffering (buffering=1) isn't supported in binary mode, the default buffer size will be used", RuntimeWarning, 2)
    raw = FileIO(file, (creating and "x" or "") + (reading and "r" or "") + (writing and "w" or "") + (appending and "a" or "") + (updating and "+" or ""), closefd, opener=opener)
    result = raw
    try:
        line_buffering = False
        if buffering == 1 or buffering < 0 and raw.isatty():
            buffering = -1
            line_buffering = True
        if buffering < 0:
            buffering = DEFAULT_BUFFER_SIZE
        if buffering == 0:
            if binary:
                return result
            raise ValueError("can't have unbuffered text I/O")
        if updating:
            buffer = BufferedRandom(raw, buffering)
        elif creating or writing or appending:
            buffer = BufferedWriter(raw, buffering)
        else:
            buffer = BufferedReader(raw, buffering)
        result = buffer
        if binary:
            return result
        text = TextIOWrapper(buffer, encoding, errors, newline, line_buffering)
        result = text
        text.mode = mode
        return result
    except:
        result.close()
        raise


def open_code(path):
    if not isinstance(path, str):
        raise TypeError("open_code() argument 'path' must be str, not %s" % type(path).__name__)
    return open(path, "rb")


for _c in (_IOBase, _RawIOBase, _BufferedIOBase, _TextIOBase, BytesIO, StringIO, FileIO, BufferedReader, BufferedWriter, BufferedRandom, BufferedRWPair, TextIOWrapper, IncrementalNewlineDecoder, UnsupportedOperation):
    _c.__module__ = "_io"
del _c
