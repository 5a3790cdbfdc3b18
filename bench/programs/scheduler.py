# A cooperative task scheduler: tasks of several classes (producers,
# workers, a logger) exchange message packets through queues, with
# priorities, waiting and holding — in the spirit of the classic
# operating-system simulation benchmarks. Polymorphic method calls,
# attribute access, linked lists of objects.
import sys

class Packet:
    __slots__ = ("next", "kind", "value", "dest")

    def __init__(self, kind, value, dest):
        self.next = None
        self.kind = kind
        self.value = value
        self.dest = dest

class Task:
    def __init__(self, sched, ident, priority):
        self.sched = sched
        self.ident = ident
        self.priority = priority
        self.inbox_head = None
        self.inbox_tail = None
        self.waiting = False
        self.runs = 0

    def deliver(self, packet):
        packet.next = None
        if self.inbox_tail is None:
            self.inbox_head = self.inbox_tail = packet
        else:
            self.inbox_tail.next = packet
            self.inbox_tail = packet
        self.waiting = False

    def take(self):
        p = self.inbox_head
        if p is not None:
            self.inbox_head = p.next
            if self.inbox_head is None:
                self.inbox_tail = None
        return p

    def step(self):
        raise NotImplementedError

class Producer(Task):
    def __init__(self, sched, ident, priority, targets, seed):
        Task.__init__(self, sched, ident, priority)
        self.targets = targets
        self.seed = seed

    def step(self):
        self.seed = (self.seed * 69069 + 1) & 0xFFFFFFFF
        dest = self.targets[self.seed % len(self.targets)]
        self.sched.send(Packet(1, self.seed >> 16, dest))
        return True

class Worker(Task):
    def __init__(self, sched, ident, priority, logger):
        Task.__init__(self, sched, ident, priority)
        self.logger = logger
        self.total = 0

    def step(self):
        p = self.take()
        if p is None:
            self.waiting = True
            return False
        self.total = (self.total + p.value * self.ident) % 1000003
        if p.value % 7 == 0:
            self.sched.send(Packet(2, self.total, self.logger))
        return True

class Logger(Task):
    def __init__(self, sched, ident, priority):
        Task.__init__(self, sched, ident, priority)
        self.lines = 0
        self.digest = 17

    def step(self):
        p = self.take()
        if p is None:
            self.waiting = True
            return False
        self.lines += 1
        self.digest = (self.digest * 31 + p.value) % 2147483647
        return True

class Scheduler:
    def __init__(self):
        self.tasks = []
        self.sent = 0

    def add(self, task):
        self.tasks.append(task)
        self.tasks.sort(key=lambda t: -t.priority)
        return task

    def send(self, packet):
        self.sent += 1
        packet.dest.deliver(packet)

    def run(self, ticks):
        for _ in range(ticks):
            for t in self.tasks:
                if not t.waiting and t.step():
                    t.runs += 1

def main(ticks):
    s = Scheduler()
    log = s.add(Logger(s, 0, 1))
    workers = [s.add(Worker(s, i, 5 + i % 3, log)) for i in range(1, 6)]
    for i in range(3):
        s.add(Producer(s, 10 + i, 9 - i, workers, 12345 + i))
    s.run(ticks)
    print("sent=%d log lines=%d digest=%d" % (s.sent, log.lines, log.digest))
    print("worker totals:", [w.total for w in workers])
    print("runs:", [t.runs for t in s.tasks])

main(int(sys.argv[1]) if len(sys.argv) > 1 else 200000)
