# Numbers: ints small and big, floats, complex, operators and their errors.
a, b = 7, -3
print(a + b, a - b, a * b, a / b, a // b, a % b, -a // 2, -a % 2, divmod(a, b), divmod(-7.5, 2))
print(2 ** 100, 2 ** -2, (-2) ** 3, pow(3, 4, 5), pow(2, -1, 7), 10 ** 20 // 7, -(10 ** 20) % 7)
print(1 << 70, (1 << 70) >> 69, -1 >> 10, ~5, 6 & 3, 6 | 3, 6 ^ 3, -6 & 0xFF)
big = 3 ** 200
print(big % 1000, big.bit_length(), len(str(big)), hash(2 ** 61 - 1), hash(-1), hash(10 ** 30))
print(0.1 + 0.2, 1e16, 1e-5, 123456789.0 * 1000, 1 / 3, 2.5e-300 * 1e-20, -0.0, float("inf") - 1)
print(round(2.5), round(3.5), round(-0.5), round(1.2345, 2), round(1234, -2), round(2.675, 2))
print(int("  -42 "), int("ff", 16), int("0b101", 0), int(3.99), int(-3.99), float("1_000.5"), float(" -inf "))
print(True + True, True * 3.5, 7 // 2.0, 7 % -2.5, (3).__add__(1.5), (1.5).__radd__(3))
print(1 < 2 < 3, 1 < 3 < 2, 2 ** 53 + 1 == float(2 ** 53 + 1), 1 == 1.0, 0.1 * 3 == 0.3, 10 ** 400 > 1e308)
z = complex(3, -4)
print(z, abs(z), z * 1j, z.conjugate(), z.real, z.imag, (1 + 2j) / (3 - 1j), 2j ** 2)
print(f"{255:#x} {255:08b} {3.14159:.2f} {1234567:,} {0.25:%} {12:^7d}|{-3.5:+.1e}")
for expr in ["1 / 0", "1 // 0", "5 % 0", "2.0 / 0", "int('x1')", "int(float('nan'))", "float('abc')", "(-8) ** 0.5 + 1", "10 ** 5000 * 1.0"]:
    try:
        print(expr, "=", eval(expr))
    except Exception as e:
        print(expr, "->", type(e).__name__, e)
print(sum([0.1] * 10), sum(range(101)), max(3, 1, 4, 1, 5), min([2.5, -1, 0]), abs(-7), abs(-2.5))
print(bin(10), oct(64), hex(-255), (255).to_bytes(2, "big"), int.from_bytes(b"\x01\x00", "little"))
print(isinstance(True, int), bool(0.0), bool(-1), (5).bit_count(), (10).as_integer_ratio(), (0.75).as_integer_ratio())
