# hashlib's built-in algorithms (_md5, _sha1, _sha256, _sha512, _sha3,
# _blake2): digests, copies, sizes, SHAKE lengths, BLAKE2 digest_size,
# hmac on top, _operator._compare_digest.
import hashlib, hmac
for name in ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_224", "sha3_256", "sha3_384", "sha3_512", "blake2b", "blake2s"]:
    h = hashlib.new(name, b"hello")
    h2 = h.copy(); h2.update(b" world")
    print(name, h.hexdigest()[:24], h2.hexdigest()[:24], h.digest_size, h.block_size, h.name, getattr(hashlib, name)(b"x" * 1000).hexdigest()[:16])
for name in ["shake_128", "shake_256"]:
    h = hashlib.new(name, b"abc"); print(name, h.hexdigest(10), h.digest(5), h.digest_size)
print(hashlib.blake2b(b"abc", digest_size=20).hexdigest(), hashlib.blake2s(b"abc", digest_size=16).digest_size)
print(hmac.new(b"key", b"msg", "sha256").hexdigest(), hmac.compare_digest(b"a", b"a"), hmac.digest(b"k", b"m", "md5").hex())
try: hashlib.sha256("str")
except TypeError as e: print("TypeError", e)
print(hashlib.file_digest(open(__file__, "rb"), "sha1").hexdigest() == hashlib.sha1(open(__file__, "rb").read()).hexdigest())
