# An uncaught exception: the traceback goes to stderr, exit status 1.
def inner(d):
    return d["missing"]
def outer():
    try:
        inner({})
    except KeyError as e:
        raise RuntimeError("lookup failed") from e
print("before")
outer()
