# Real threads under the GIL: compute-bound threads taking turns, a lock-
# protected counter, a queue between producer and consumer, events and
# lock timeouts, an exception reported by threading.excepthook, RLock,
# thread-local data, and a non-daemon thread joined at exit.
import threading, queue, time, sys
# compute-bound threads contend for the GIL
def work(n, out, i):
    t = 0
    for k in range(n):
        t += k % 7
    out[i] = t
out = [0] * 4
ts = [threading.Thread(target=work, args=(200000, out, i)) for i in range(4)]
for t in ts: t.start()
for t in ts: t.join()
print(out)
# locks + counter
lock = threading.Lock()
count = 0
def inc():
    global count
    for _ in range(10000):
        with lock:
            count += 1
ts = [threading.Thread(target=inc) for _ in range(8)]
for t in ts: t.start()
for t in ts: t.join()
print(count)
# queue producer/consumer
q = queue.Queue()
res = []
def prod():
    for i in range(100):
        q.put(i)
    q.put(None)
def cons():
    while True:
        x = q.get()
        if x is None: break
        res.append(x * 2)
a = threading.Thread(target=prod); b = threading.Thread(target=cons)
b.start(); a.start(); a.join(); b.join()
print(sum(res), len(res))
# Event / Condition / timeout
ev = threading.Event()
def setter():
    time.sleep(0.05)
    ev.set()
threading.Thread(target=setter).start()
print(ev.wait(2))
print(threading.Lock().acquire(timeout=0.01) is True)
l = threading.Lock(); l.acquire()
t0 = time.time(); r = l.acquire(timeout=0.1); print(r, time.time() - t0 >= 0.09)
# exception in thread goes to threading.excepthook
def boom():
    raise ValueError("boom in thread")
t = threading.Thread(target=boom, name="T1"); t.start(); t.join()
# RLock, current_thread, ident uniqueness
rl = threading.RLock()
with rl:
    with rl:
        print("rlock ok")
idents = set()
def rec():
    idents.add(threading.get_ident())
ts = [threading.Thread(target=rec) for _ in range(5)]
for t in ts: t.start()
for t in ts: t.join()
print(len(idents) >= 2, threading.main_thread().name, threading.active_count())
# thread-local
loc = threading.local()
loc.x = "main"
def tl():
    loc.x = "thread"
    res.append(loc.x)
t = threading.Thread(target=tl); t.start(); t.join()
print(loc.x, res[-1])
# non-daemon thread still running at exit is joined
def late():
    time.sleep(0.1)
    print("late thread done")
threading.Thread(target=late).start()
print("main done")
