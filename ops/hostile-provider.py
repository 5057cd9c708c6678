#!/usr/bin/env python3
"""A hostile OpenAI-compatible endpoint on 127.0.0.1 for ops/drill-provider (standard library only).

Usage: hostile-provider.py MODE PORT
Modes: html502 (502 with an nginx page), html200 (200 with a page), empty-choices, no-content, 429 (forever),
503 (forever), retry-after-year (429 + Retry-After of a year), hang (never answers), drip (200, then one byte a
second), huge (200 with a 50 MB body), reset (closes every connection with RST), echo-key (a 500 quoting the
bearer key in upper case and base64).
"""
import base64
import http.server
import socket
import struct
import sys
import time

MODE, PORT = sys.argv[1], int(sys.argv[2])
PAGE = b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1>" \
       b"</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"


class Hostile(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, ctype, body, extra=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if MODE == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True  # the server closes it when the handler returns: an RST, no answer
            return
        if MODE == "html502":
            return self.send(502, "text/html", PAGE)
        if MODE == "html200":
            return self.send(200, "text/html", PAGE)
        if MODE == "empty-choices":
            return self.send(200, "application/json", b'{"id":"x","choices":[]}')
        if MODE == "no-content":
            return self.send(200, "application/json", b'{"choices":[{"message":{"role":"assistant"}}]}')
        if MODE in ("429", "503", "retry-after-year"):
            extra = [("Retry-After", str(365 * 24 * 3600))] if MODE == "retry-after-year" else []
            status = 503 if MODE == "503" else 429
            return self.send(status, "application/json", b'{"error":{"message":"slow down","code":"busy"}}', extra)
        if MODE == "echo-key":
            key = self.headers.get("Authorization", "").replace("Bearer ", "")
            body = ("key " + key.upper() + " / " + base64.b64encode(key.encode()).decode()).encode()
            return self.send(500, "text/plain", body)
        if MODE == "hang":
            time.sleep(3600)
            return
        if MODE == "drip":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            for _ in range(100000):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(1)
            return
        if MODE == "huge":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(50 << 20))
            self.end_headers()
            chunk = b"x" * 65536
            for _ in range((50 << 20) // 65536):
                self.wfile.write(chunk)
            return
        self.send(400, "text/plain", b"unknown mode")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


Server(("127.0.0.1", PORT), Hostile).serve_forever()
