# array: typed arrays with CPython's range checks and messages for every
# integer typecode, floats, unicode, slicing, bytes round trips, byteswap,
# pickling, comparisons; multiprocessing imports on top of it.
import array, pickle, copy
for tc in 'bBhHiIlLqQ':
    a = array.array(tc)
    for v in (10**20, -10**20, -1, 300, 70000, 1.5, 'x'):
        try: a.append(v)
        except Exception as e: print(tc, repr(v)[:8], type(e).__name__, e)
    print(tc, a, a.itemsize)
a = array.array('d', [1, 2.5]); print(a, repr(array.array('u', 'hi')), a.itemsize, array.array('b').itemsize, array.typecodes)
try: array.array('z')
except ValueError as e: print(e)
print(array.array('i', [1,2,3]) + array.array('i', [4]), array.array('i',[1,2])*2, array.array('i', b'\x01\x00\x00\x00'))
try: array.array('i',[1]) + array.array('d',[1])
except TypeError as e: print(e)
try: array.array('i', [1]).remove(5)
except ValueError as e: print(e)
try: array.array('i', []).pop()
except IndexError as e: print(e)
a = array.array('h', range(5)); a[1] = 10; del a[0]; a.insert(0, -3); a.reverse(); print(a, a[1:3], a.index(10), a.count(2), 3 in a, len(a), list(a))
b = array.array('H', [1, 258]); print(b.tobytes(), bytes(b)); b.byteswap(); print(b)
f = array.array('f', [0.1]); print(f[0], f.tolist())
u = array.array('u', 'héllo'); print(u.tounicode(), u[1], len(u.tobytes()))
c = pickle.loads(pickle.dumps(a)); print(c == a, copy.copy(a) is not a, a < array.array('h', [5]))
a.frombytes(b'\x07\x00'); a.fromlist([8]); a.extend([9]); print(a)
import multiprocessing; print(multiprocessing.cpu_count() > 0)
