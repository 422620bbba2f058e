"""axe-core, the accessibility engine, run inside a page the test browser has open.

axe-core comes from the npm registry with npm's own client (``npm pack axe-core@4``), once,
into a cache (``~/.cache/graphsvc/axe``, or ``GRAPHSVC_AXE_CACHE``) that later runs reuse, so
the suite neither vendors a 500 kB minified file nor fetches it every run. Without npm the tests
that need it are skipped with the reason, except under ``CI=true``, where they fail: a CI image
without npm would otherwise pass by testing nothing.

The script is put into the page through WebDriver, which the page's Content-Security-Policy
does not govern, so the page's own CSP needs no hole for the test.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.browser import IN_CI, Browser

AXE_SPEC = "axe-core@4"
CACHE = Path(os.environ.get("GRAPHSVC_AXE_CACHE", Path.home() / ".cache" / "graphsvc" / "axe"))
#: Impacts a page may not have at all.
BLOCKING = frozenset({"serious", "critical"})


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"axe-core is required under CI=true and could not be had: {reason}")
    pytest.skip(f"axe-core not available: {reason}")


def _cached() -> Path | None:
    found = sorted(CACHE.glob("axe-core-*/axe.min.js"), key=lambda p: p.stat().st_mtime)
    return found[-1] if found else None


def axe_source() -> str:
    """The text of ``axe.min.js``: from the cache, else fetched once with ``npm pack``."""
    if (path := _cached()) is not None:
        return path.read_text("utf-8")
    npm = shutil.which("npm")
    if npm is None:
        _unavailable("npm is not installed (apt-get install npm), so axe-core cannot be fetched")
    with tempfile.TemporaryDirectory(prefix="graphsvc-axe-") as tmp:
        try:
            subprocess.run(
                [str(npm), "pack", AXE_SPEC, "--pack-destination", tmp, "--silent"],
                check=True, capture_output=True, timeout=300, cwd=tmp,
            )  # fmt: skip
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            stderr = getattr(exc, "stderr", b"") or b""
            _unavailable(f"npm pack {AXE_SPEC} failed: {stderr.decode(errors='replace')[-500:]}")
        [tgz] = Path(tmp).glob("axe-core-*.tgz")
        with tarfile.open(tgz) as tar:
            member = tar.extractfile("package/axe.min.js")
            assert member is not None
            source = io.TextIOWrapper(member, encoding="utf-8").read()
    folder = CACHE / tgz.name.removesuffix(".tgz")
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / "axe.min.js.part"
    part.write_text(source, encoding="utf-8")
    part.replace(folder / "axe.min.js")  # atomic: a parallel run never reads half a file
    return source


def axe_violations(browser: Browser, source: str) -> list[dict[str, Any]]:
    """Run axe-core on the browser's current document (frames are checked separately)."""
    browser.run(source)
    result = browser.driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {iframes: false, resultTypes: ['violations']})"
        ".then(function (r) { done(r.violations); },"
        "      function (e) { done([{id: 'axe-error', impact: 'critical', help: String(e),"
        "                            nodes: []}]); });"
    )
    return list(result)


def blocking(violations: list[dict[str, Any]]) -> list[str]:
    """The serious and critical violations, each as one readable line."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n.get("target")) for n in v.get("nodes", [])[:5])
        for v in violations
        if v.get("impact") in BLOCKING
    ]
