# _socket: TCP over loopback between threads (create_connection, makefile,
# timeouts), UDP, socketpair, name resolution errors, address helpers;
# email/http import on top; asyncio streams, queues and timeouts.
import asyncio, socket, threading, email.utils, urllib.parse, http.client, asyncio, selectors
print(socket.AF_INET, socket.SOCK_STREAM, repr(socket.AF_INET), socket.gethostname() != "", socket.inet_aton("127.0.0.1"), socket.inet_ntoa(b"\x7f\x00\x00\x01"), socket.htons(1), socket.ntohl(1))
print(socket.inet_pton(socket.AF_INET6, "::1"), socket.inet_ntop(socket.AF_INET6, b"\x00" * 15 + b"\x01"))
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0)); srv.listen()
port = srv.getsockname()[1]
def serve():
    conn, addr = srv.accept()
    with conn:
        data = b""
        while not data.endswith(b"\n"):
            data += conn.recv(1024)
        conn.sendall(data.upper())
t = threading.Thread(target=serve); t.start()
c = socket.create_connection(("127.0.0.1", port), timeout=5)
c.sendall(b"hello over tcp\n")
f = c.makefile("rb")
print(f.readline(), c.gettimeout(), c.family == socket.AF_INET, c.type == socket.SOCK_STREAM)
f.close(); c.close(); t.join(); srv.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0))
v = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); v.sendto(b"datagram", u.getsockname())
d, addr = u.recvfrom(100); print(d, addr[0]); u.close(); v.close()
a, b = socket.socketpair(); a.sendall(b"pair"); print(b.recv(10)); a.close(); b.close()
s = socket.socket(); s.settimeout(0.05)
try:
    s.bind(("127.0.0.1", 0)); s.listen(); s.accept()
except socket.timeout as e: print("timeout:", e, type(e).__name__)
s.close()
try: socket.getaddrinfo("no-such-host.invalid", 80)
except socket.gaierror as e: print("gaierror", e.errno in (socket.EAI_NONAME, -3, -2, -5))
print(sorted({x[0] for x in socket.getaddrinfo("localhost", 80, type=socket.SOCK_STREAM)})[0] in (socket.AF_INET, socket.AF_INET6))
print(email.utils.formataddr(("A B", "a@b.c")), email.utils.parseaddr("A <a@b.c>"))
async def main():
    await asyncio.sleep(0.01)
    return "async ok"
print(asyncio.run(main()))
async def handle(reader, writer):
    data = await reader.readline()
    writer.write(data[::-1].strip() + b"\n")
    await writer.drain()
    writer.close()
async def main2():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async def client(msg):
        r, w = await asyncio.open_connection("127.0.0.1", port)
        w.write(msg + b"\n"); await w.drain()
        line = await r.readline()
        w.close(); await w.wait_closed()
        return line
    res = await asyncio.gather(*(client(b"msg%d" % i) for i in range(5)))
    server.close(); await server.wait_closed()
    q = asyncio.Queue()
    async def prod():
        for i in range(3): await q.put(i); await asyncio.sleep(0)
        await q.put(None)
    async def cons():
        out = []
        while (x := await q.get()) is not None: out.append(x)
        return out
    _, got = await asyncio.gather(prod(), cons())
    try:
        await asyncio.wait_for(asyncio.sleep(1), 0.01)
    except asyncio.TimeoutError:
        timed = True
    return res, got, timed
print(asyncio.run(main2()))
