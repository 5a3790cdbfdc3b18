# _random (Mersenne Twister) and _sha512: CPython's numbers for int, str and big seeds.
import random
random.seed(42)
print(random.random(), random.randint(1, 100), random.choice("abcdef"), random.getrandbits(70))
random.seed("hello")
print(random.random(), random.sample(range(100), 5))
r = random.Random(12345)
l = list(range(10)); r.shuffle(l); print(l, r.uniform(1, 2), r.gauss(0, 1))
s = r.getstate(); a = r.random(); r.setstate(s); print(a == r.random())
import _sha512
print(_sha512.sha512(b"abc").hexdigest()[:32], _sha512.sha384(b"").hexdigest()[:16])
random.seed(2**100 + 7); print(random.random())
random.seed(-5); print(random.random())
