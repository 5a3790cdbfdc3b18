# _contextvars: ContextVar get/set/reset, copy_context and Context.run.
import contextvars
v = contextvars.ContextVar("v", default=1)
print(v.get(), v.name)
t = v.set(5)
print(v.get())
ctx = contextvars.copy_context()
def f():
    v.set(9)
    return v.get()
print(ctx.run(f), v.get(), ctx[v], len(ctx), v in ctx)
v.reset(t)
print(v.get())
w = contextvars.ContextVar("w")
try:
    w.get()
except LookupError:
    print("LookupError")
print(w.get("dflt"))
