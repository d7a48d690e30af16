"""A local HTTP server standing in for an SMS/企业微信 provider: records each request, answers
with what the test queued (JSON body, status, or a delay longer than the client's timeout)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class ProviderServer:
    def __init__(self):
        self.requests: list[dict] = []
        self.answers: list[tuple[int, object, float]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                url = urlsplit(self.path)
                server.requests.append({
                    "method": self.command, "path": url.path, "query": parse_qs(url.query),
                    "headers": dict(self.headers), "body": raw.decode("utf-8", "replace"),
                })
                status, body, delay = server.answers.pop(0) if server.answers else (200, {}, 0)
                if delay:
                    time.sleep(delay)
                payload = json.dumps(body, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = _handle

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def answer(self, body, status: int = 200, delay: float = 0) -> None:
        self.answers.append((status, body, delay))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
