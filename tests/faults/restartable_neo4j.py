"""A test Neo4j that can be crashed and started again with its data, on the same port.

`tests.neo4j_server.LocalNeo4j` gives every start a fresh, empty store on a port the OS picks,
and deletes the store when it stops: right for tests, wrong for "Neo4j went away and came
back", where the question is whether writes acknowledged before the outage are still there
and whether clients find the server again at the address they were given. This runs the same
launcher (the same build, JVM flags and settings, from `tests.neo4j_server`) with a home
directory that outlives each process and a fixed Bolt port, so `kill` (SIGKILL: a crash; the
store is recovered from its transaction log at the next start) or `stop` (a clean shutdown),
then `start`, is a real outage and a real return. The home is deleted by `close`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

from tests.neo4j_server import (
    BOLT_LINE,
    DEFAULT_HEAP_FLAGS,
    MAIN_CLASS,
    REQUIRED_JVM_FLAGS,
    Neo4jServerError,
    _find_tool,
    ensure_launcher,
)

__all__ = ["RestartableNeo4j"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RestartableNeo4j:
    """Neo4j Community on ``bolt://127.0.0.1:<port>`` with a home kept across restarts."""

    def __init__(self, page_cache: str = "512m", heap: tuple[str, ...] = DEFAULT_HEAP_FLAGS):
        self.port = _free_port()
        self.uri = f"bolt://127.0.0.1:{self.port}"
        self.page_cache = page_cache
        self.heap = heap
        self._tmp = Path(tempfile.mkdtemp(prefix="graphsvc-neo4j-restartable-"))
        self.home = self._tmp / "home"
        self._proc: subprocess.Popen[str] | None = None
        self.starts: list[float] = []  # seconds each start took

    def start(self, timeout: float = 240.0) -> float:
        """Start the JVM on the kept home and port; return once Bolt answers (seconds taken)."""
        if self._proc is not None:
            raise Neo4jServerError("already running")
        build = ensure_launcher()
        java = _find_tool("java")  # $JAVA_HOME/bin first, as LocalNeo4j
        cmd = [
            java,
            *self.heap,
            *REQUIRED_JVM_FLAGS,
            "-cp",
            build.java_classpath(),
            MAIN_CLASS,
            "--home",
            str(self.home),
            "--bolt-port",
            str(self.port),
            "--page-cache",
            self.page_cache,
        ]
        t0 = time.monotonic()
        with open(self._tmp / "stderr.log", "a") as err:
            self._proc = subprocess.Popen(
                cmd,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
                start_new_session=True,
            )
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()  # the one protocol line, once the database is up
        if not BOLT_LINE.match(line.strip()):
            self.kill()
            raise Neo4jServerError(f"Neo4j did not start; see {self._tmp / 'stderr.log'}")
        while time.monotonic() - t0 < timeout:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), 1),
            ):
                break
            time.sleep(0.1)
        took = time.monotonic() - t0
        self.starts.append(took)
        return took

    def kill(self) -> None:
        """SIGKILL the JVM, as a crash or the OOM killer would; the store stays on disk."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def stop(self, grace: float = 60.0) -> None:
        """A clean shutdown (stdin closed, as `LocalNeo4j.stop`); the store stays on disk."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(OSError):
            if proc.stdin:
                proc.stdin.close()
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            with contextlib.suppress(OSError):
                proc.stdout.close()

    def close(self) -> None:
        """Stop if running and delete the home."""
        self.stop()
        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> RestartableNeo4j:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
