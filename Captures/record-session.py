# Drives the real Linux TCP sessions that record.sh captures (python3 stdlib only).
# Usage: record-session.py session PORT HOST server|client
#        record-session.py keepalive|zerowindow|unread|reuse PORT
#   session    between two network namespaces, run once on each side: a normal exchange with a half-close (the
#              client shuts down its sending side, the server goes on sending in CLOSE-WAIT), an abortive close
#              (SO_LINGER 0 gives a RST), and a connection attempt to PORT+1, a closed port (answered by RST)
# On the loopback interface (127.0.0.1), both ends in this process:
#   keepalive  SO_KEEPALIVE with a 1 s idle time: keep-alive probes and their ACKs, then a normal close
#   zerowindow a receiver with a tiny buffer that stops reading: zero windows, window probes, window updates
#   unread     the server closes with unread data: Linux answers with RST (RFC 2525 section 2.17)
#   reuse      the server closes first (it holds TIME-WAIT); the client reconnects from the same port
import socket, struct, sys, threading, time

SCENARIO = sys.argv[1]
PORT = int(sys.argv[2])
HOST = sys.argv[3] if SCENARIO == "session" else "127.0.0.1"

def session_server():
    s = socket.socket(socket.AF_INET6 if ":" in HOST else socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, PORT)); s.listen(4)
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

def session_client():
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

# The loopback scenarios.
def listener(rcvbuf=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.bind((HOST, PORT))
    s.listen(4)
    return s

def keepalive():
    s = listener()
    def serve():
        c, _ = s.accept()
        data = c.recv(100)
        c.sendall(b"pong")
        c.recv(100)
        c.close()
    t = threading.Thread(target=serve); t.start()
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
    c.connect((HOST, PORT))
    time.sleep(3.5)
    c.sendall(b"ping")
    c.recv(100)
    c.close()
    t.join(); s.close()

def zerowindow():
    s = listener(rcvbuf=4096)
    def serve():
        c, _ = s.accept()
        time.sleep(1.5)
        got = 0
        while got < 20000:
            chunk = c.recv(65536)
            if not chunk: break
            got += len(chunk)
        c.sendall(b"ok")
        c.recv(10)
        c.close()
    t = threading.Thread(target=serve); t.start()
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8192)
    c.connect((HOST, PORT))
    c.sendall(b"z" * 20000)
    c.recv(10)
    c.close()
    t.join(); s.close()

def unread():
    s = listener()
    def serve():
        c, _ = s.accept()
        c.recv(10)          # reads only part of the request
        time.sleep(0.2)
        c.close()           # unread data: RST
    t = threading.Thread(target=serve); t.start()
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.connect((HOST, PORT))
    c.sendall(b"x" * 100)
    time.sleep(0.5)
    try:
        c.recv(100)
    except ConnectionResetError:
        pass
    c.close()
    t.join(); s.close()

def reuse():
    s = listener()
    def serve():
        for _ in range(2):
            c, _ = s.accept()
            c.recv(100)
            c.sendall(b"bye")
            c.close()       # the server closes first: TIME-WAIT is on its side
    t = threading.Thread(target=serve); t.start()
    port = None
    for _ in range(2):
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if port:
            c.bind((HOST, port))
        c.connect((HOST, PORT))
        port = c.getsockname()[1]
        c.sendall(b"hello")
        c.recv(100)
        time.sleep(0.1)
        c.close()
        time.sleep(0.3)
    t.join(); s.close()

if SCENARIO == "session":
    session_server() if sys.argv[4] == "server" else session_client()
else:
    {"keepalive": keepalive, "zerowindow": zerowindow, "unread": unread, "reuse": reuse}[SCENARIO]()
