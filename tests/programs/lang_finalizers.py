# __del__: run when the last reference goes (del, rebinding, leaving a
# function, exit), once; an exception in it is reported and ignored.
class R:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        print("del", self.n)
a = R(1)
del a
print("after del")
def f():
    r = R(2)
    return 5
f()
print("after f")
x = R(3)
x = None
print("rebound")
class Bad:
    def __del__(self):
        raise ValueError("oops")
b = Bad()
del b
print("end")
keep = R(4)
