"""Start a real Neo4j Community server for graphsvc's tests and benchmarks, without Docker.

The server is the embedded Neo4j DBMS (with its Bolt connector) run by the tiny Java launcher in
``tests/neo4j_launcher``. Maven is used once to resolve the classpath; the launcher is compiled with
``javac`` and everything is cached (keyed by a hash of the pom and the Java source), so later starts
are a plain ``java -cp ...`` call. See docs/decisions/0002-real-neo4j-in-tests.md.

Usage::

    with LocalNeo4j() as neo4j:
        driver = GraphDatabase.driver(neo4j.uri, auth=None)

or from the repo root: ``python -m tests.neo4j_server`` (prints ``BOLT_URI=...``, runs until
Ctrl-C or stdin EOF).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import fcntl
import hashlib
import json
import os
import queue
import re
import select
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

NEO4J_VERSION = "5.26.30"
"""The single source of truth for the Neo4j version in Python (the pom must agree)."""

LAUNCHER_DIR = Path(__file__).resolve().parent / "neo4j_launcher"
POM_PATH = LAUNCHER_DIR / "pom.xml"
JAVA_SOURCE = LAUNCHER_DIR / "src/main/java/org/graphsvc/testing/Neo4jLauncher.java"
MAIN_CLASS = "org.graphsvc.testing.Neo4jLauncher"

DEFAULT_HEAP_FLAGS: tuple[str, ...] = ("-Xms512m", "-Xmx2g")
"""Default heap; override per instance or with GRAPHSVC_NEO4J_HEAP="-Xms1g -Xmx4g"."""

REQUIRED_JVM_FLAGS: tuple[str, ...] = (
    # Neo4j's page cache reads DirectByteBuffer internals; without this it logs a WARN and uses a
    # slower fallback mode.
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    # Both needed to reach a FileChannel's native fd (sun.nio.ch.FileChannelImpl.fd ->
    # java.io.FileDescriptor.fd) for posix_fadvise on transaction logs; without them every log
    # file open logs "Unable to advise ... Incorrect file descriptor".
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    # The JVM's own warnings (e.g. from class-data sharing) go to stdout by default; stdout is the
    # launcher's protocol channel, so send them to stderr.
    "-Xlog:disable",
    "-Xlog:all=warning:stderr",
)

BOLT_LINE = re.compile(r"^BOLT_URI=(bolt://127\.0\.0\.1:(\d+))\s*$")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_MAVEN_BOILERPLATE = re.compile(
    r"^\[ERROR\] *$|-e switch|-X switch|For more information about the errors|\[Help 1\] http"
)


class Neo4jServerError(RuntimeError):
    """The Neo4j test server could not be built, started or reached."""


@dataclass(frozen=True)
class LauncherBuild:
    """A cached, ready-to-run launcher: its directory and the full runtime classpath."""

    directory: Path
    classpath: tuple[str, ...]

    @property
    def launcher_jar(self) -> Path:
        """The compiled launcher, as a jar (class-data sharing only archives jars)."""
        return self.directory / "neo4j-launcher.jar"

    def java_classpath(self) -> str:
        """The -cp argument: launcher jar first, then Neo4j's jars."""
        return os.pathsep.join([str(self.launcher_jar), *self.classpath])


def pom_version(pom: Path | None = None) -> str:
    """Return <neo4j.version> from the launcher pom (a test asserts it equals NEO4J_VERSION)."""
    pom = pom or POM_PATH
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    node = ET.parse(pom).getroot().find("m:properties/m:neo4j.version", ns)
    if node is None or not (node.text or "").strip():
        raise Neo4jServerError(f"{pom} has no <properties><neo4j.version>")
    return (node.text or "").strip()


def cache_root() -> Path:
    """Where builds are cached: $GRAPHSVC_CACHE/neo4j-VERSION or ~/.cache/graphsvc/neo4j-VERSION."""
    base = os.environ.get("GRAPHSVC_CACHE") or str(Path.home() / ".cache" / "graphsvc")
    return Path(base) / f"neo4j-{NEO4J_VERSION}"


def build_key() -> str:
    """Hash of everything that changes the build, so editing the pom or the launcher rebuilds."""
    digest = hashlib.sha256()
    for part in (NEO4J_VERSION.encode(), POM_PATH.read_bytes(), JAVA_SOURCE.read_bytes()):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()[:16]


def _find_tool(name: str) -> str:
    """Locate a JDK/Maven tool: $JAVA_HOME/bin first for java tools (matches what Maven uses)."""
    java_home = os.environ.get("JAVA_HOME")
    if name != "mvn" and java_home and (Path(java_home) / "bin" / name).exists():
        return str(Path(java_home) / "bin" / name)
    found = shutil.which(name)
    if found is None:
        hint = "install Maven 3.8+" if name == "mvn" else "install a JDK 17+ (or set JAVA_HOME)"
        raise Neo4jServerError(f"'{name}' was not found on PATH; {hint} to run Neo4j for tests.")
    return found


def _tail(text: str, lines: int) -> str:
    """Last `lines` lines of tool output, without colour codes, for error messages."""
    return "\n".join(_ANSI.sub("", text).rstrip().splitlines()[-lines:])


def _run_build_step(cmd: Sequence[str], what: str) -> None:
    """Run one build command; on failure raise one clear paragraph naming what failed."""
    try:
        result = subprocess.run(
            list(cmd), stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise Neo4jServerError(f"{what}: could not run {cmd[0]}: {exc}") from exc
    if result.returncode != 0:
        useful = [
            line
            for line in (result.stdout + "\n" + result.stderr).splitlines()
            if not _MAVEN_BOILERPLATE.search(line)
        ]
        raise Neo4jServerError(
            f"{what} (exit code {result.returncode}): {_tail(chr(10).join(useful), 20)}\n"
            f"Command: {shlex.join(cmd)}"
        )


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Exclusive file lock, so parallel test processes do not build the same cache entry twice."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _load_build(directory: Path) -> LauncherBuild | None:
    """A cached build if it is complete and its jars are still in the Maven repository."""
    try:
        meta = json.loads((directory / "build.json").read_text())
    except (OSError, ValueError):
        return None
    build = LauncherBuild(directory, tuple(meta["classpath"]))
    if not build.launcher_jar.is_file() or not all(Path(p).is_file() for p in build.classpath):
        return None  # e.g. ~/.m2 was cleaned: rebuild (Maven re-downloads)
    return build


def ensure_launcher() -> LauncherBuild:
    """Build the launcher once (Maven classpath + javac) and reuse the cached result afterwards."""
    if pom_version() != NEO4J_VERSION:
        raise Neo4jServerError(
            f"{POM_PATH} pins Neo4j {pom_version()} but tests/neo4j_server.py says "
            f"NEO4J_VERSION={NEO4J_VERSION}; make them agree."
        )
    root = cache_root()
    key = build_key()
    final = root / key
    cached = _load_build(final)
    if cached is not None:
        return cached
    with _locked(root / f".{key}.lock"):
        cached = _load_build(final)  # another process may have built it while we waited
        if cached is not None:
            return cached
        work = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=root))
        try:
            _build_into(work)
            if final.exists():
                shutil.rmtree(final)
            os.replace(work, final)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        _prune_stale_builds(root, keep=key)
    build = _load_build(final)
    if build is None:
        raise Neo4jServerError(f"launcher build in {final} is incomplete after building it")
    return build


def _prune_stale_builds(root: Path, keep: str) -> None:
    """Drop builds of older pom/launcher versions: each holds a ~100 MB class-data archive."""
    for entry in root.iterdir():
        name = entry.name.lstrip(".").removesuffix(".lock")
        if re.fullmatch(r"[0-9a-f]{16}", name) and name != keep:
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def _build_into(work: Path) -> None:
    """Resolve the classpath with Maven, compile the launcher, and jar it, all inside `work`."""
    mvn, javac = _find_tool("mvn"), _find_tool("javac")
    cp_file = work / "classpath.txt"
    _run_build_step(
        [
            mvn,
            "-B",
            "-q",
            "-Dstyle.color=never",
            "-f",
            str(POM_PATH),
            "dependency:build-classpath",
            "-Dmdep.includeScope=runtime",
            f"-Dmdep.outputFile={cp_file}",
        ],
        f"Maven could not resolve org.neo4j:neo4j:{NEO4J_VERSION} and its dependencies "
        "(from ~/.m2 or Maven Central)",
    )
    classpath = [p for p in cp_file.read_text().strip().split(os.pathsep) if p]
    if not classpath:
        raise Neo4jServerError(f"Maven produced an empty classpath in {cp_file}")
    classes = work / "classes"
    _run_build_step(
        [
            javac,
            "--release",
            "17",
            "-nowarn",
            "-encoding",
            "UTF-8",
            "-cp",
            os.pathsep.join(classpath),
            "-d",
            str(classes),
            str(JAVA_SOURCE),
        ],
        f"javac could not compile {JAVA_SOURCE.name}",
    )
    with zipfile.ZipFile(work / "neo4j-launcher.jar", "w") as jar:
        for path in sorted(classes.rglob("*")):
            if path.is_file():
                jar.write(path, path.relative_to(classes).as_posix())
    meta = {"neo4j_version": NEO4J_VERSION, "classpath": classpath, "built_at": time.time()}
    (work / "build.json").write_text(json.dumps(meta, indent=1))


def _cds_archive_path(build: LauncherBuild, java: str) -> Path:
    """Class-data-sharing archive for this build + this exact JVM (an archive is JVM-specific)."""
    real = Path(java).resolve()
    stat = real.stat()
    tag = hashlib.sha256(f"{real}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:12]
    return build.directory / f"cds-{tag}.jsa"


def _bolt_handshake(host: str, port: int, timeout: float) -> None:
    """Stdlib-only Bolt check: the server must answer the Bolt handshake with a version."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.settimeout(timeout)
        # magic, then 4 proposed versions: 5.0-5.4 (range form), 4.4, none, none
        sock.sendall(bytes.fromhex("6060b01700040405000004040000000000000000"))
        reply = b""
        while len(reply) < 4:
            chunk = sock.recv(4 - len(reply))
            if not chunk:
                raise ConnectionError("Bolt handshake: connection closed")
            reply += chunk
    if reply == b"\x00\x00\x00\x00":
        raise ConnectionError("Bolt handshake: server agreed to no protocol version")


def _check_bolt(uri: str, port: int, timeout: float) -> None:
    """One readiness probe, through the real driver when it is installed."""
    try:
        from neo4j import GraphDatabase
    except ImportError:
        _bolt_handshake("127.0.0.1", port, timeout)
        return
    with GraphDatabase.driver(uri, auth=None, connection_timeout=timeout) as driver:
        driver.verify_connectivity()


def _read_tail(path: Path, lines: int) -> str:
    """Last lines of a log file for an error message ('' if it does not exist)."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return _tail(text, lines)


def _pump_lines(stream: IO[str] | None, lines: queue.Queue[str | None]) -> None:
    """Forward the JVM's stdout lines to a queue (None = EOF); keeps the pipe drained."""
    if stream is not None:
        with contextlib.suppress(ValueError, OSError):
            for line in stream:
                lines.put(line.rstrip("\n"))
    lines.put(None)


class LocalNeo4j:
    """A throwaway Neo4j Community server on 127.0.0.1 with a fresh store, auth disabled.

    Use as a context manager or call start()/stop(). The JVM reads its stdin; when this process
    closes the pipe (stop(), or by dying), the JVM shuts down, so no orphan outlives its parent.
    """

    def __init__(
        self,
        heap_flags: Sequence[str] | None = None,
        extra_jvm_flags: Sequence[str] = (),
        page_cache: str = "512m",
        use_cds: bool | None = None,
    ) -> None:
        """Configure only; nothing starts. Heap default: $GRAPHSVC_NEO4J_HEAP or -Xms512m -Xmx2g.

        use_cds: use/create a class-data-sharing archive (~40% faster start); default on unless
        GRAPHSVC_NEO4J_CDS=0.
        """
        if heap_flags is None:
            env_heap = os.environ.get("GRAPHSVC_NEO4J_HEAP")
            heap_flags = shlex.split(env_heap) if env_heap else DEFAULT_HEAP_FLAGS
        if use_cds is None:
            use_cds = os.environ.get("GRAPHSVC_NEO4J_CDS", "1") != "0"
        self.heap_flags: tuple[str, ...] = tuple(heap_flags)
        self.extra_jvm_flags: tuple[str, ...] = tuple(extra_jvm_flags)
        self.page_cache = page_cache
        self.use_cds = use_cds
        self.uri: str | None = None
        self.port: int | None = None
        self.build_seconds: float | None = None
        self.start_seconds: float | None = None
        self.command: list[str] = []
        self._proc: subprocess.Popen[str] | None = None
        self._tmp: Path | None = None
        self._stdout_lines: queue.Queue[str | None] = queue.Queue()  # replaced on each start()
        self._cds_pending: tuple[Path, Path] | None = None

    # -- paths -------------------------------------------------------------------------------
    @property
    def home(self) -> Path | None:
        """Neo4j home (store, transaction logs, logs/debug.log) while the server runs."""
        return self._tmp / "home" if self._tmp else None

    @property
    def stderr_path(self) -> Path | None:
        """The JVM's stderr (launcher messages, JVM warnings) while the server runs."""
        return self._tmp / "launcher-stderr.log" if self._tmp else None

    @property
    def pid(self) -> int | None:
        """The JVM's process id while it runs."""
        return self._proc.pid if self._proc else None

    def is_running(self) -> bool:
        """True while the JVM process is alive."""
        return self._proc is not None and self._proc.poll() is None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self, timeout: float = 180.0) -> str:
        """Build if needed, start the JVM, wait until Bolt answers; return the bolt:// URI.

        `timeout` covers the JVM start and readiness check, not a first-time Maven download.
        """
        if self._proc is not None:
            raise Neo4jServerError("LocalNeo4j.start() called twice")
        t0 = time.monotonic()
        build = ensure_launcher()
        self.build_seconds = time.monotonic() - t0

        java = _find_tool("java")
        self._tmp = Path(tempfile.mkdtemp(prefix="graphsvc-neo4j-"))
        cds_flags = self._cds_flags(build, java)
        self.command = [
            java,
            *self.heap_flags,
            *REQUIRED_JVM_FLAGS,
            *cds_flags,
            *self.extra_jvm_flags,
            "-cp",
            build.java_classpath(),
            MAIN_CLASS,
            "--home",
            str(self.home),
            "--page-cache",
            self.page_cache,
            "--delete-on-eof",
            str(self._tmp),
        ]
        t1 = time.monotonic()
        assert self.stderr_path is not None
        lines: queue.Queue[str | None] = queue.Queue()
        self._stdout_lines = lines  # fresh per start, so a restarted instance sees no stale EOF
        try:
            with open(self.stderr_path, "w") as stderr:
                self._proc = subprocess.Popen(
                    self.command,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=stderr,
                    text=True,
                    bufsize=1,
                    # Own session: a Ctrl-C in the terminal reaches Python (which then stops the
                    # server in order) instead of killing Neo4j under running tests.
                    start_new_session=True,
                )
        except OSError as exc:
            self.stop()
            raise Neo4jServerError(f"could not start the JVM ({java}): {exc}") from exc
        atexit.register(self.stop)
        threading.Thread(
            target=_pump_lines, args=(self._proc.stdout, lines), daemon=True, name="neo4j-stdout"
        ).start()
        try:
            self.uri, self.port = self._wait_for_uri(t1 + timeout)
            self._wait_for_bolt(t1 + timeout)
        except BaseException:
            self.stop()
            raise
        self.start_seconds = time.monotonic() - t1
        return self.uri

    def stop(self, grace: float = 30.0) -> None:
        """Close the JVM's stdin (Neo4j then shuts down); kill after `grace` s; delete the store."""
        atexit.unregister(self.stop)
        proc, self._proc = self._proc, None
        if proc is not None:
            with contextlib.suppress(OSError):
                if proc.stdin:
                    proc.stdin.close()
            try:
                proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                proc.terminate()  # SIGTERM: the launcher's shutdown hook still stops Neo4j
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            if proc.stdout:
                with contextlib.suppress(OSError):
                    proc.stdout.close()
        self._adopt_cds_archive()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
        self.uri = None
        self.port = None

    def __enter__(self) -> LocalNeo4j:
        """Start the server (if not started) and return self; `.uri` is the Bolt URI."""
        if self._proc is None:
            self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Always stop the server, even when the body failed."""
        self.stop()

    # -- internals ---------------------------------------------------------------------------
    def _cds_flags(self, build: LauncherBuild, java: str) -> list[str]:
        """Use the JVM-specific class archive if present, else record one at this JVM's exit."""
        if not self.use_cds:
            return []
        archive = _cds_archive_path(build, java)
        if archive.is_file():
            return [f"-XX:SharedArchiveFile={archive}"]
        pending = archive.with_name(f"{archive.name}.{os.getpid()}.{id(self)}.tmp")
        self._cds_pending = (pending, archive)
        return [f"-XX:ArchiveClassesAtExit={pending}"]

    def _adopt_cds_archive(self) -> None:
        """Atomically publish an archive the JVM wrote at exit (parallel writers just race)."""
        if self._cds_pending is None:
            return
        pending, archive = self._cds_pending
        self._cds_pending = None
        if pending.is_file() and pending.stat().st_size > 0:
            os.replace(pending, archive)
        else:
            pending.unlink(missing_ok=True)

    def _wait_for_uri(self, deadline: float) -> tuple[str, int]:
        """Read stdout until the BOLT_URI line; fail clearly if the JVM dies or time runs out."""
        other: list[str] = []
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise self._failure("did not print BOLT_URI in time", other)
            try:
                line = self._stdout_lines.get(timeout=min(remaining, 0.5))
            except queue.Empty:
                continue
            if line is None:
                assert self._proc is not None
                try:
                    code = self._proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    code = None
                raise self._failure(f"closed its stdout (exit code {code})", other)
            match = BOLT_LINE.match(line)
            if match:
                return match.group(1), int(match.group(2))
            other.append(line)

    def _wait_for_bolt(self, deadline: float) -> None:
        """Confirm Bolt really answers (driver verify_connectivity, short retry loop)."""
        assert self.uri is not None and self.port is not None
        last: Exception | None = None
        while time.monotonic() < deadline:
            if not self.is_running():
                raise self._failure("exited right after printing its Bolt URI", [])
            try:
                _check_bolt(self.uri, self.port, timeout=5.0)
                return
            except Exception as exc:  # any failure here means "not ready yet"
                last = exc
                time.sleep(0.2)
        raise self._failure(f"printed {self.uri} but Bolt did not answer: {last!r}", [])

    def _command_for_humans(self) -> str:
        """The JVM command line with the 200-jar classpath elided (it is in build.json)."""
        shown = list(self.command)
        if "-cp" in shown and shown.index("-cp") + 1 < len(shown):
            i = shown.index("-cp") + 1
            shown[i] = f"<{shown[i].count(os.pathsep) + 1} jars, see build.json in {cache_root()}>"
        return shlex.join(shown)

    def _failure(self, what: str, stdout_lines: list[str]) -> Neo4jServerError:
        """Build the error for a failed start, with the JVM's stderr and debug.log tails."""
        parts = [f"Neo4j launcher (JVM) {what}.", f"Command: {self._command_for_humans()}"]
        if stdout_lines:
            parts.append("Unexpected stdout:\n" + "\n".join(stdout_lines[-40:]))
        if self.stderr_path is not None:
            parts.append(
                f"Last lines of JVM stderr:\n{_read_tail(self.stderr_path, 40) or '(empty)'}"
            )
        if self.home is not None:
            debug_log = _read_tail(self.home / "logs" / "debug.log", 40)
            if debug_log:
                parts.append(f"Last lines of Neo4j debug.log:\n{debug_log}")
        return Neo4jServerError("\n".join(parts))


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: start a server, print BOLT_URI=... and timings, run until Ctrl-C / stdin EOF."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.neo4j_server",
        description=f"Run a throwaway Neo4j {NEO4J_VERSION} server on 127.0.0.1 (auth disabled).",
    )
    parser.add_argument("--heap", help='JVM heap flags, e.g. "-Xms1g -Xmx4g"')
    parser.add_argument("--page-cache", default="512m", help="Neo4j page cache size")
    parser.add_argument("--timeout", type=float, default=180.0, help="start timeout, seconds")
    parser.add_argument(
        "--ignore-stdin",
        action="store_true",
        help="run until SIGINT/SIGTERM even if stdin is closed (e.g. started with </dev/null &)",
    )
    args = parser.parse_args(argv)

    # Stop cleanly on SIGTERM, and on SIGINT even when started in the background by a script
    # (non-interactive shells start background jobs with SIGINT ignored).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    server = LocalNeo4j(
        heap_flags=shlex.split(args.heap) if args.heap else None, page_cache=args.page_cache
    )
    try:
        uri = server.start(timeout=args.timeout)
        print(f"BOLT_URI={uri}", flush=True)
        print(
            f"build_seconds={server.build_seconds:.2f} start_seconds={server.start_seconds:.2f} "
            f"pid={server.pid}",
            flush=True,
        )
        how = "Ctrl-C or SIGTERM" if args.ignore_stdin else "Ctrl-C or close stdin"
        print(f"Running; {how} to stop.", file=sys.stderr, flush=True)
        watch_stdin = not args.ignore_stdin
        while server.is_running():
            if not watch_stdin:
                time.sleep(1.0)
                continue
            ready, _, _ = select.select([sys.stdin], [], [], 1.0)
            if ready and not os.read(sys.stdin.fileno(), 4096):
                break
        if not server.is_running():
            print("Neo4j exited unexpectedly.", file=sys.stderr)
            return 1
        return 0
    except KeyboardInterrupt:
        return 130
    except Neo4jServerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
