#!/usr/bin/python3
"""Clients of scripts/compat: each program is checked by talking to it the way its users do.

  compat-client.py http HOST PORT PATH            one GET on a new connection; exit 0 on 200
  compat-client.py memcached HOST PORT set|get K [V]
  compat-client.py hold KIND HOST PORT DIR        holds one connection open: after DIR/go-N appears it makes
                                                   exchange N on that same connection and writes DIR/res-N
KIND: http (keep-alive: one exchange at once, then one per go-N), http-late (HTTP/1.0 servers that close after
one answer: the connection is held idle and used once, at go-1), redis (PING), memcached (version).
"""
import os
import socket
import sys
import time


def http_exchange(s, host, keep_alive=True):
    req = "GET / HTTP/1.1\r\nHost: %s\r\nConnection: %s\r\n\r\n" % (host, "keep-alive" if keep_alive else "close")
    s.sendall(req.encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(65536)
        if not chunk:
            raise IOError("connection closed before the answer's headers")
        buf += chunk
    head, body = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = lines[0].split(" ")[1]
    length = None
    for l in lines[1:]:
        k, _, v = l.partition(":")
        if k.strip().lower() == "content-length":
            length = int(v.strip())
    if length is not None:
        while len(body) < length:
            chunk = s.recv(65536)
            if not chunk:
                raise IOError("connection closed in the body")
            body += chunk
    elif not keep_alive:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            body += chunk
    if status != "200":
        raise IOError("status " + status)
    return "200, %d bytes" % len(body)


def line_exchange(s, send, expect):
    s.sendall(send)
    buf = b""
    while b"\r\n" not in buf:
        chunk = s.recv(4096)
        if not chunk:
            raise IOError("connection closed")
        buf += chunk
    if not buf.startswith(expect):
        raise IOError("answer %r" % buf[:80])
    return buf.split(b"\r\n")[0].decode()


def exchange(kind, s, host):
    if kind == "http":
        return http_exchange(s, host)
    if kind == "http-late":
        return http_exchange(s, host, keep_alive=False)
    if kind == "redis":
        return line_exchange(s, b"PING\r\n", b"+PONG")
    if kind == "memcached":
        return line_exchange(s, b"version\r\n", b"VERSION")
    raise SystemExit("unknown kind " + kind)


def hold(kind, host, port, d):
    s = socket.create_connection((host, int(port)), timeout=30)
    first = "" if kind == "http-late" else exchange(kind, s, host)
    with open(os.path.join(d, "ready"), "w") as f:
        f.write("connected from port %d %s\n" % (s.getsockname()[1], first))
    n = 1
    deadline = time.time() + 900
    while time.time() < deadline:
        go = os.path.join(d, "go-%d" % n)
        if not os.path.exists(go):
            time.sleep(0.05)
            continue
        try:
            res = "ok " + exchange(kind, s, host)
        except Exception as e:  # the result is what the matrix shows
            res = "fail " + str(e)
        with open(os.path.join(d, "res-%d" % n), "w") as f:
            f.write(res + "\n")
        if kind == "http-late" or res.startswith("fail"):
            return
        n += 1


def main():
    cmd = sys.argv[1]
    if cmd == "http":
        host, port, path = sys.argv[2], int(sys.argv[3]), sys.argv[4]
        s = socket.create_connection((host, port), timeout=20)
        s.sendall(("GET %s HTTP/1.0\r\nHost: %s\r\n\r\n" % (path, host)).encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        status = data.split(b"\r\n", 1)[0].decode("latin-1")
        print(status, len(data))
        sys.exit(0 if " 200 " in status + " " else 1)
    if cmd == "memcached":
        host, port, op, key = sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
        s = socket.create_connection((host, port), timeout=20)
        if op == "set":
            v = sys.argv[6].encode()
            s.sendall(b"set %s 0 0 %d\r\n%s\r\n" % (key.encode(), len(v), v))
            print(line_exchange(s, b"", b"STORED"))
        else:
            s.sendall(b"get %s\r\n" % key.encode())
            buf = b""
            while not buf.endswith(b"END\r\n"):
                chunk = s.recv(4096)
                if not chunk:
                    break
                buf += chunk
            parts = buf.split(b"\r\n")
            if not parts[0].startswith(b"VALUE"):
                sys.exit("no value for " + key)
            print(parts[1].decode())
        return
    if cmd == "hold":
        hold(*sys.argv[2:6])
        return
    raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
