"""A private redis-server for the fault tests: started on its own free port, stopped by the test.

The machine's shared Redis (6379) and PostgreSQL are never touched.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time

import pytest
import redis

from tests.conftest import require_service


def _free_port(start: int = 6390) -> int:
    for port in range(start, start + 200):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port for a private redis-server")


class PrivateRedis:
    def __init__(self, binary: str):
        self.binary = binary
        self.port = _free_port()
        self.dir = tempfile.mkdtemp(prefix="fault-redis-")
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", self.dir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        for _ in range(100):
            try:
                if client.ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("private redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()  # only our own process, by its handle
            self.proc.wait(timeout=10)
        self.proc = None

    def is_up(self) -> bool:
        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.2).ping())
        except redis.RedisError:
            return False


@pytest.fixture
def private_redis():
    binary = shutil.which("redis-server")
    require_service(binary is not None, "redis-server binary")
    server = PrivateRedis(binary)
    assert server.port != 6379
    server.start()
    yield server
    server.stop()
    shutil.rmtree(server.dir, ignore_errors=True)
