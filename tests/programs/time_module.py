import time

t0 = time.time()
print(type(t0).__name__, t0 > 1.6e9, type(time.time_ns()).__name__, abs(time.time_ns() / 1e9 - t0) < 5)
m0 = time.monotonic()
p0 = time.perf_counter()
n0 = time.perf_counter_ns()
time.sleep(0.01)
print(time.monotonic() - m0 >= 0.009, time.perf_counter() - p0 >= 0.009, time.perf_counter_ns() - n0 >= 9_000_000)
print(time.process_time() >= 0, type(time.monotonic_ns()).__name__, type(time.process_time_ns()).__name__)
g = time.gmtime(0)
print(g)
print(g.tm_year, g.tm_mon, g.tm_mday, g.tm_wday, g.tm_yday, g.tm_isdst, g.tm_zone, g.tm_gmtoff, len(g), g[0], g[:3], tuple(g))
print(time.gmtime(10**9), time.gmtime(-1.5), time.gmtime(1.99)[5])
print(isinstance(g, tuple), g.n_fields, g.n_sequence_fields, g.n_unnamed_fields, type(g).__name__, type(g).__module__)
s = time.struct_time((2020, 2, 29, 12, 30, 45, 5, 60, 0))
print(s, s.tm_zone, s == (2020, 2, 29, 12, 30, 45, 5, 60, 0))
print(time.strftime("%Y-%m-%d %H:%M:%S %a %b %j %p %%", time.gmtime(10**9)))
print(time.strftime("%A %B %d %y %I %M %U %w", s), repr(time.strftime("", g)))
print(time.asctime((2020, 1, 1, 0, 0, 0, 0, 1, 0)), time.asctime(time.gmtime(10**9)))
lt = time.localtime(12345)
print(time.mktime(lt), time.mktime(time.localtime(10**9)), time.localtime(0) == time.localtime(0))
print(type(time.timezone).__name__, type(time.tzname).__name__, len(time.tzname), time.daylight in (0, 1))
print(len(time.ctime()), time.ctime(0) == time.asctime(time.localtime(0)))
tests = [
    "time.struct_time((1, 2))", "time.struct_time(1)", "time.mktime(1)", "time.mktime((1, 2))",
    "time.sleep(-1)", "time.sleep('a')", "time.strftime(1)", "time.strftime('%Y', (1,))",
    "time.gmtime('a')", "time.gmtime(1e30)", "time.strftime('%Y', (2020, 13, 1, 0, 0, 0, 0, 1, 0))",
]
for t in tests:
    try:
        print(t, "->", eval(t))
    except Exception as e:
        print(t, "->", type(e).__name__, e)
