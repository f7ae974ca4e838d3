# Drives real Linux TCP sessions between two network namespaces: a normal exchange with a half-close (the client
# shuts down its sending side, the server goes on sending in CLOSE-WAIT), an abortive close (SO_LINGER 0 gives a RST),
# and a connection attempt to a closed port (answered by RST). Usage: record-session.py PORT HOST server|client
import socket, struct, time, threading, sys

PORT = int(sys.argv[1])
HOST = sys.argv[2]
ROLE = sys.argv[3]

def server(ready):
    s = socket.socket(socket.AF_INET6 if ":" in HOST else socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, PORT)); s.listen(4); ready.set()
    # 1: normal session with half-close: client sends request, shuts down write; server replies in CLOSE-WAIT then closes
    c, _ = s.accept()
    data = b""
    while True:
        chunk = c.recv(4096)
        if not chunk: break
        data += chunk
    c.sendall(b"HTTP/1.0 200 OK\r\n\r\n" + b"x" * 3000)
    time.sleep(0.05)
    c.sendall(b"tail after half-close\n")
    c.close()
    # 2: abortive close by the server (SO_LINGER 0 -> RST) after some data
    c, _ = s.accept()
    c.recv(4096)
    c.sendall(b"bye\n")
    time.sleep(0.05)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()
    s.close()

if ROLE == "server":
    server(threading.Event()); sys.exit(0)
time.sleep(0.5)
# session 1
c = socket.create_connection((HOST, PORT))
c.sendall(b"GET / HTTP/1.0\r\nHost: example\r\n\r\n")
time.sleep(0.05)
c.shutdown(socket.SHUT_WR)
got = b""
while True:
    chunk = c.recv(65536)
    if not chunk: break
    got += chunk
c.close()
time.sleep(0.1)
# session 2: abortive close
c = socket.create_connection((HOST, PORT))
c.sendall(b"hello\n")
time.sleep(0.02)
try:
    while c.recv(4096): pass
except ConnectionResetError:
    pass
c.close()
time.sleep(0.3)
# session 3: RST on a closed port
try:
    socket.create_connection((HOST, PORT + 1), timeout=1)
except (ConnectionRefusedError, OSError):
    pass
time.sleep(0.1)
print("done", len(got))
