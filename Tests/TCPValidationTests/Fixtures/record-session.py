# Drives real Linux TCP sessions on the loopback interface for the TCPValidation fixtures:
#   keepalive  - SO_KEEPALIVE with a 1 s idle time: keep-alive probes and their ACKs, then a normal close
#   zerowindow - a receiver with a tiny buffer that stops reading: zero windows, window probes, window updates
#   unread     - the server closes with unread data: Linux answers with RST (RFC 2525 section 2.17)
#   reuse      - the server closes first (it holds TIME-WAIT); the client reconnects from the same port
# Usage: record-session.py SCENARIO PORT
import socket, sys, threading, time

SCENARIO = sys.argv[1]
PORT = int(sys.argv[2])
HOST = "127.0.0.1"

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

{"keepalive": keepalive, "zerowindow": zerowindow, "unread": unread, "reuse": reuse}[SCENARIO]()
