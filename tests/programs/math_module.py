import math

print(math.pi, math.e, math.tau, math.inf, math.nan)
print(math.sqrt(2), math.sqrt(16), math.exp(1), math.exp2(10), math.expm1(1e-10))
print(math.sin(1), math.cos(1), math.tan(1), math.asin(0.5), math.acos(0.5), math.atan(1))
print(math.sinh(1), math.cosh(1), math.tanh(1), math.asinh(1), math.acosh(2), math.atanh(0.5))
print(math.cbrt(27), math.cbrt(-8), math.fabs(-3), math.log1p(1e-20))
print(math.erf(0.5), math.erfc(0.5), math.gamma(5), math.lgamma(10))
print(math.atan2(1, 2), math.copysign(3, -0.0), math.remainder(10, 3), math.fmod(-7, 3), math.pow(2, 0.5))
print(math.isfinite(1.0), math.isinf(math.inf), math.isnan(math.nan), math.isnan(1))
print(math.degrees(math.pi), math.radians(180), math.ulp(1.0), math.nextafter(1.0, 2.0))
print(math.log(100), math.log(100, 10), math.log(10**1000), math.log2(1024), math.log10(1000), math.log(8, 2))
print(math.floor(2.5), math.floor(-2.5), math.ceil(2.1), math.ceil(-2.1), math.trunc(-2.7), math.floor(7), math.ceil(True))
print(type(math.floor(2.5)), math.floor(10**30), math.trunc(10**20))
print(math.modf(3.25), math.modf(-3.25), math.frexp(8.0), math.ldexp(0.5, 4))
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.fsum([1e100, 1.0, -1e100]))
print(math.hypot(3, 4), math.hypot(1, 2, 2), math.hypot(), math.dist((0, 0), (3, 4)))
print(math.isclose(1.0, 1.0 + 1e-10), math.isclose(1.0, 1.1), math.isclose(1, 1.05, rel_tol=0.1), math.isclose(0, 1e-12, abs_tol=1e-9))
print(math.factorial(20), math.factorial(30), math.isqrt(10**20 + 1), math.isqrt(17))
print(math.gcd(12, 18), math.gcd(), math.gcd(0, -4), math.gcd(12, 18, 8), math.lcm(4, 6), math.lcm(), math.lcm(0, 5))
print(math.comb(10, 3), math.comb(5, 7), math.perm(5, 2), math.perm(5), math.perm(3, 5))
print(math.prod([1, 2, 3, 4]), math.prod([]), math.prod([1.5, 2]), math.prod([2, 3], start=10))


class F:
    def __float__(self):
        return 2.25


class I:
    def __index__(self):
        return 7


class Fl:
    def __floor__(self):
        return "floor!"

    def __ceil__(self):
        return "ceil!"

    def __trunc__(self):
        return "trunc!"


print(math.sqrt(F()), math.sqrt(I()), math.factorial(I()), math.floor(Fl()), math.ceil(Fl()), math.trunc(Fl()))

tests = [
    "math.sqrt()", "math.sqrt(1, 2)", "math.pow(1)", "math.sqrt('a')", "math.floor('a')",
    "math.trunc('a')", "math.factorial(5.0)", "math.log(1, 2, 3)", "math.log()", "math.gcd(1.5)",
    "math.isqrt(-1)", "math.comb(1)", "math.perm()", "math.ldexp(1.0, 2.0)", "math.prod()",
    "math.fsum(1)", "math.isclose(1)", "math.isclose(1, 2, 3)", "math.dist([1], [1, 2])",
    "math.hypot('a')", "math.sqrt(x=1)", "math.sqrt(-1)", "math.log(0)", "math.log(-5)", "math.exp(1000)",
    "math.ceil(float('inf'))", "math.floor(float('nan'))", "math.copysign(1)", "math.sqrt(10**400)",
    "math.factorial(-1)", "math.isclose(1, 2, rel_tol=-1)", "math.log(10, 1)", "math.acos(2)",
    "math.fsum([math.inf, -math.inf])", "math.gamma(0)", "math.comb(-1, 2)", "math.perm(3, -1)",
]
for t in tests:
    try:
        print(t, "->", eval(t))
    except Exception as e:
        print(t, "->", type(e).__name__, e)
