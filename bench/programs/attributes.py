# Attribute traffic on instances: reads, writes and augmented assignment
# of instance attributes, class attributes, properties and __slots__,
# inherited methods. A bank of accounts processes generated transfers.
import sys

class Account:
    fee = 1

    def __init__(self, ident, balance):
        self.ident = ident
        self.balance = balance
        self.history = 0

    def deposit(self, amount):
        self.balance += amount
        self.history += 1

    def withdraw(self, amount):
        if amount + self.fee > self.balance:
            return False
        self.balance -= amount + self.fee
        self.history += 1
        return True

    @property
    def rich(self):
        return self.balance > 5000

class Savings(Account):
    fee = 0
    rate = 3

    def accrue(self):
        self.balance += self.balance * self.rate // 1000

class Transfer:
    __slots__ = ("src", "dst", "amount")

    def __init__(self, src, dst, amount):
        self.src = src
        self.dst = dst
        self.amount = amount

def main(rounds):
    accounts = [Savings(i, 1000) if i % 3 == 0 else Account(i, 1000) for i in range(50)]
    seed = 7
    failed = 0
    for r in range(rounds):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        t = Transfer(accounts[seed % 50], accounts[(seed >> 8) % 50], seed % 300)
        if t.src.withdraw(t.amount):
            t.dst.deposit(t.amount)
        else:
            failed += 1
        if r % 1000 == 0:
            for a in accounts:
                if isinstance(a, Savings):
                    a.accrue()
    rich = sum(1 for a in accounts if a.rich)
    print(failed, rich, sum(a.balance for a in accounts), sum(a.history for a in accounts))

main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000000)
