"""Headless Chromium for tests that must see a page the way a person's browser does.

A page can pass every string check and still be blank in a browser, so the map tests load it
in a real Chromium and ask it: did any script fail, is the picture drawn, did the page try to
reach the network? This module gives them one small, reusable tool for that::

    browser = browser_fixture(scope="module")     # in a test module

    @pytest.mark.browser
    def test_page(browser: Browser, tmp_path: Path) -> None:
        browser.open(path_to_html)
        browser.wait_for("document.title !== ''")
        assert browser.console_errors() == []
        assert browser.external_requests() == []
        browser.screenshot(tmp_path / "page.png")

Network: every page-level request is *recorded* (Chrome's performance log, which sees even the
requests it blocks) so a test can prove that none was made, and *refused* three ways so that a
page cannot quietly depend on the internet: DevTools ``Network.setBlockedURLs`` for
http/https/ws/wss/ftp, a host resolver that resolves nothing but loopback, and a dead proxy for
everything that is not loopback. ``allow_loopback=True`` lifts only the first, to test pages
served from ``http://127.0.0.1``.

Chromium and chromedriver come from ``/usr/bin`` (Debian's ``chromium`` and
``chromium-driver``) or ``GRAPHSVC_CHROMIUM`` / ``GRAPHSVC_CHROMEDRIVER``. Selenium Manager is
never used: it would try to download a driver. When they are missing, tests are skipped with
the reason, except under ``CI=true``, where a missing browser is a broken CI image and fails.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path(os.environ.get("GRAPHSVC_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("GRAPHSVC_CHROMEDRIVER", "/usr/bin/chromedriver"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

#: The flags every test browser gets; the brief for each is in the module docstring.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--no-default-browser-check",
    "--no-pings",
    "--metrics-recording-only",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
    "--proxy-server=http://127.0.0.1:9",
    "--force-device-scale-factor=1",
    "--hide-scrollbars",
)
#: Schemes that leave the machine; anything else (file:, data:, blob:, about:) is local.
NETWORK_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp"})
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


# --- availability ---------------------------------------------------------------------------


def missing() -> str | None:
    """Why a browser cannot be started here, or None when it can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    for what, path in (("Chromium", CHROMIUM), ("chromedriver", CHROMEDRIVER)):
        if not path.is_file() or not os.access(path, os.X_OK):
            return f"{what} not found at {path} (apt-get install chromium chromium-driver)"
    return None


def unavailable(reason: str) -> None:
    """Skip with ``reason``, or fail under ``CI=true`` where the browser must be present."""
    if IN_CI:
        pytest.fail(f"headless Chromium is required under CI=true and is not usable: {reason}")
    pytest.skip(f"headless Chromium not usable: {reason}")


def require_browser() -> None:
    """Call at the top of a browser test or fixture: skips (or fails in CI) when impossible."""
    if reason := missing():
        unavailable(reason)


# --- the browser ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """One request the page made, and what became of it."""

    url: str
    method: str
    resource: str
    failed: str | None = None  # None if it did not fail, else the error text (may be "")
    blocked: str | None = None  # DevTools' blockedReason ("inspector") when blocking stopped it

    @property
    def scheme(self) -> str:
        return urlsplit(self.url).scheme.lower()

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()


class Browser:
    """One headless Chromium: open pages, run scripts, read console and network, screenshot.

    Records are per page: `open` forgets what the previous page logged.
    """

    def __init__(self, driver: Any, *, allow_loopback: bool) -> None:
        self.driver = driver
        self.allow_loopback = allow_loopback
        self._console: list[dict[str, Any]] = []
        self._requests: dict[str, dict[str, Any]] = {}

    # pages ----------------------------------------------------------------------------------

    def open(self, target: str | Path) -> None:
        """Load a file (path or ``file://`` URL) or an ``http://127.0.0.1`` URL."""
        url = target.resolve().as_uri() if isinstance(target, Path) else target
        self._drain()
        self._console.clear()
        self._requests.clear()
        self.driver.get(url)

    def run(self, script: str, *args: Any) -> Any:
        """``execute_script``: the body of a function, so use ``return``."""
        return self.driver.execute_script(script, *args)

    def wait_for(self, expression: str, timeout: float = 30.0, poll: float = 0.05) -> Any:
        """Wait until the JavaScript ``expression`` is truthy and return its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.driver.execute_script(f"return ({expression});")
            if value:
                return value
            if time.monotonic() > deadline:
                errors = "; ".join(e["message"] for e in self.console_errors()) or "none"
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {expression!r}; "
                    f"console errors: {errors}"
                )
            time.sleep(poll)

    def screenshot(self, path: str | Path) -> Path:
        """Save the viewport as PNG (the parent folder is created)."""
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(self.driver.get_screenshot_as_png())
        return out

    # what the page did ----------------------------------------------------------------------

    def _drain(self) -> None:
        """Move Chrome's buffered logs into this object (reading them empties Chrome's)."""
        self._console.extend(self.driver.get_log("browser"))
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            method, params = message.get("method", ""), message.get("params", {})
            if method == "Network.requestWillBeSent":
                req = params["request"]
                self._requests.setdefault(params["requestId"], {}).update(
                    url=req["url"], method=req["method"], resource=params.get("type", "")
                )
            elif method == "Network.loadingFailed":
                rec = self._requests.setdefault(params["requestId"], {})
                rec.update(failed=params.get("errorText"), blocked=params.get("blockedReason"))

    def console(self) -> list[dict[str, Any]]:
        """Every console entry of the current page: ``level``, ``message``, ``source``."""
        self._drain()
        return list(self._console)

    def console_errors(self) -> list[dict[str, Any]]:
        """Console entries at SEVERE level: script errors, failed loads, CSP violations."""
        return [e for e in self.console() if e.get("level") == "SEVERE"]

    def requests(self) -> list[Request]:
        """Every request the current page made, including those refused."""
        self._drain()
        return [
            Request(
                url=r.get("url", ""),
                method=r.get("method", ""),
                resource=r.get("resource", ""),
                failed=r.get("failed"),
                blocked=r.get("blocked"),
            )
            for r in self._requests.values()
            if "url" in r
        ]

    def external_requests(self) -> list[Request]:
        """Requests that would have left the machine (loopback does not count)."""
        return [r for r in self.network_requests() if r.host not in LOOPBACK_HOSTS]

    def network_requests(self) -> list[Request]:
        """Requests over any network scheme at all, loopback included."""
        return [r for r in self.requests() if r.scheme in NETWORK_SCHEMES]


def _options(profile: Path, width: int, height: int) -> Any:
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    options.add_experimental_option(
        "perfLoggingPrefs", {"enableNetwork": True, "enablePage": False}
    )
    return options


@contextlib.contextmanager
def chromium(
    *, width: int = 1200, height: int = 800, allow_loopback: bool = False
) -> Iterator[Browser]:
    """A fresh headless Chromium with its own temporary profile, quit and removed on exit.

    The viewport is exactly ``width`` x ``height`` CSS pixels at scale 1, so screenshots are
    that size. Raises whatever selenium raises if the browser cannot start; use
    `browser_fixture` in tests to turn that into a skip (or a CI failure).
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = Path(tempfile.mkdtemp(prefix="graphsvc-chromium-"))
    service = Service(executable_path=str(CHROMEDRIVER), log_output=subprocess.DEVNULL)
    driver = None
    try:
        driver = webdriver.Chrome(service=service, options=_options(profile, width, height))
        driver.execute_cdp_cmd("Network.enable", {})
        if not allow_loopback:
            patterns = [f"{scheme}://*" for scheme in sorted(NETWORK_SCHEMES)]
            driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": patterns})
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        yield Browser(driver, allow_loopback=allow_loopback)
    finally:
        if driver is not None:
            driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def browser_fixture(
    *, name: str = "browser", scope: str = "module", **kwargs: Any
) -> Callable[..., Iterator[Browser]]:
    """Make a pytest fixture ``name`` yielding a `Browser` (see `chromium` for ``kwargs``).

    One browser per ``scope`` keeps the suite quick; each `Browser.open` starts a clean record.
    Skips the test (fails it under ``CI=true``) when no browser can be started.
    """

    @pytest.fixture(scope=scope, name=name)  # type: ignore[call-overload]
    def _browser() -> Iterator[Browser]:
        require_browser()
        from selenium.common.exceptions import WebDriverException

        with contextlib.ExitStack() as stack:
            try:
                browser = stack.enter_context(chromium(**kwargs))
            except WebDriverException as exc:
                unavailable(f"Chromium did not start: {exc.msg or exc}")
            yield browser

    return _browser
