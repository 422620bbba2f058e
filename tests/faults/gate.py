"""A loopback TCP gate in front of a server, to take the server away from a client and back.

Stopping and restarting a real Neo4j takes tens of seconds and a fresh test server comes back
empty on another port, so the suite cuts the road instead: the client (the API's Neo4j driver)
talks to the gate's port, and the gate forwards bytes to the real server while it is `up`.
`down` closes every forwarded connection at once (what a client sees when the server dies) and
closes each new one as soon as it is accepted (what it sees while the server is gone), so the
driver gets the same errors as from a dead server, fast, and the data behind the gate is kept:
a test can check that no acknowledged write was lost. A gate that starts down is a closed port
that can later open.

Everything is threads and plain sockets on 127.0.0.1; `close` joins every thread and closes
every socket, so nothing outlives the test.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
from types import TracebackType

__all__ = ["Gate"]


class Gate:
    """Forward ``127.0.0.1:<port>`` to ``target`` (host, port) while up; refuse while down."""

    def __init__(self, target: tuple[str, int], *, up: bool = True) -> None:
        self.target = target
        self._up = up
        self._lock = threading.Lock()
        self._pairs: set[tuple[socket.socket, socket.socket]] = set()
        self._threads: list[threading.Thread] = []
        self._closing = False
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.port: int = self._listener.getsockname()[1]
        self.accepted = 0
        self.refused = 0
        self._acceptor = threading.Thread(target=self._accept, name="gate-accept", daemon=True)
        self._acceptor.start()

    @property
    def uri(self) -> str:
        """The Bolt URI a driver should use to go through the gate."""
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def is_up(self) -> bool:
        return self._up

    def up(self) -> None:
        """Forward new connections again."""
        self._up = True

    def down(self) -> None:
        """Cut every open connection and refuse new ones until `up`."""
        self._up = False
        with self._lock:
            pairs = list(self._pairs)
        for a, b in pairs:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        """Stop accepting, cut everything, join every thread, close every socket."""
        self._closing = True
        self.down()
        self._acceptor.join(timeout=5)
        self._listener.close()
        for t in list(self._threads):
            t.join(timeout=5)

    def __enter__(self) -> Gate:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- internals -----------------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self._up or self._closing:
                self.refused += 1
                client.close()
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:  # the server itself is gone: the client sees a closed connection
                self.refused += 1
                client.close()
                continue
            self.accepted += 1
            t = threading.Thread(
                target=self._pump, args=(client, server), name="gate-pump", daemon=True
            )
            self._threads = [x for x in self._threads if x.is_alive()] + [t]
            t.start()

    def _pump(self, client: socket.socket, server: socket.socket) -> None:
        """Copy bytes both ways until either side closes or the gate goes down."""
        pair = (client, server)
        with self._lock:
            self._pairs.add(pair)
        other = {client: server, server: client}
        try:
            with selectors.DefaultSelector() as sel:
                for s in pair:
                    s.setblocking(False)
                    sel.register(s, selectors.EVENT_READ)
                while self._up and not self._closing:
                    for key, _ in sel.select(timeout=0.1):
                        src: socket.socket = key.fileobj  # type: ignore[assignment]
                        try:
                            data = src.recv(65536)
                        except BlockingIOError:
                            continue
                        if not data:
                            return
                        other[src].setblocking(True)
                        other[src].sendall(data)
                        other[src].setblocking(False)
        except OSError:
            return
        finally:
            with self._lock:
                self._pairs.discard(pair)
            for s in pair:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
