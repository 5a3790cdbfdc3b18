# zlib over the real zlib: one-shot and streaming (de)compression in zlib,
# raw and gzip formats, max_length/unconsumed_tail/unused_data, flush
# modes, errors, and gzip/zipfile on top; bytes identical to CPython's.
import zlib, gzip, io, zipfile, os, tempfile
data = b"hello world " * 1000 + bytes(range(256)) * 10
for level in (-1, 0, 1, 6, 9):
    c = zlib.compress(data, level)
    print(level, len(c), c[:12].hex(), zlib.decompress(c) == data)
raw = zlib.compress(data, 6, -15); print("raw", len(raw), zlib.decompress(raw, -15) == data)
gz = zlib.compress(data, 6, 31); print("gz", len(gz), gz[:4].hex(), zlib.decompress(gz, 31) == data, zlib.decompress(gz, 47) == data)
print(zlib.crc32(data), zlib.adler32(data), zlib.adler32(b"abc", 7), zlib.crc32(b""))
co = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
parts = [co.compress(data[:5000]), co.compress(data[5000:]), co.flush()]
print([len(p) for p in parts], zlib.decompress(b"".join(parts), -15) == data)
do = zlib.decompressobj()
c = zlib.compress(data)
out = do.decompress(c + b"TRAILER", 100)
print(len(out), len(do.unconsumed_tail) > 0, do.eof)
out += do.decompress(do.unconsumed_tail)
print(len(out) == len(data), do.eof, do.unused_data)
co = zlib.compressobj(); s1 = co.compress(b"abc" * 100); s2 = co.flush(zlib.Z_SYNC_FLUSH); s3 = co.compress(b"xyz"); s4 = co.flush()
print(len(s1), len(s2), s2[-4:].hex(), zlib.decompress(s1 + s2 + s3 + s4))
for bad in [b"garbage", zlib.compress(b"abc")[:-3], b""]:
    try: zlib.decompress(bad)
    except zlib.error as e: print("error:", e)
try: zlib.compress(b"x", 12)
except zlib.error as e: print("error:", e)
buf = io.BytesIO()
with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as f: f.write(data)
print("gzip", len(buf.getvalue()), gzip.decompress(buf.getvalue()) == data, gzip.decompress(gzip.compress(b"abc", mtime=0)))
d = tempfile.mkdtemp(); zp = os.path.join(d, "t.zip")
with zipfile.ZipFile(zp, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("a.txt", data); z.writestr("b.txt", b"small")
with zipfile.ZipFile(zp) as z:
    print(z.namelist(), z.read("a.txt") == data, z.read("b.txt"), z.testzip())
print(zlib.MAX_WBITS, zlib.Z_BEST_COMPRESSION, zlib.ZLIB_VERSION[:3])
