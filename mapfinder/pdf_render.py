"""PDF rendering with bounds, so a few large sheets cannot take the site down: results cached by content, a fixed
number of renders at a time per process, a short queue, and a time limit after which the reader gets 503 and
Retry-After (the render finishes in the background and its PDF is cached for the retry)."""

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from flask import Flask, current_app

from .errors import ServiceUnavailable

logger = logging.getLogger(__name__)


class BoundedRenderer:
    """``render(html)`` through a small thread pool, with an LRU cache of finished PDFs bounded in bytes."""

    def __init__(
        self, render: Callable[[str], bytes], *, workers: int, timeout: float, max_pending: int, cache_bytes: int
    ):
        self._render, self.timeout, self.max_pending, self.cache_bytes = render, timeout, max_pending, cache_bytes
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pdf")
        self._cache: OrderedDict[str, bytes] = OrderedDict()
        self._pending: dict[str, Future] = {}
        # Reentrant: a render that finishes before its callback is attached runs the callback in this thread.
        self._lock = threading.RLock()

    def render(self, html: str) -> bytes:
        """The PDF of ``html``: cached, or rendered within the time limit; ``ServiceUnavailable`` when busy or slow."""
        key = hashlib.sha256(html.encode("utf-8")).hexdigest()
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
            future = self._pending.get(key) or self._submit(key, html)
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            logger.warning("PDF render took longer than %.0f s; the reader is asked to retry", self.timeout)
            raise ServiceUnavailable(retry_after=max(5, int(self.timeout))) from None

    def _submit(self, key: str, html: str) -> Future:
        if len(self._pending) >= self.max_pending:
            logger.warning("%d PDF renders pending; refusing another", len(self._pending))
            raise ServiceUnavailable(retry_after=max(5, int(self.timeout)))
        future = self._pool.submit(self._render, html)
        self._pending[key] = future
        future.add_done_callback(lambda done: self._finish(key, done))
        return future

    def _finish(self, key: str, future: Future) -> None:
        with self._lock:
            self._pending.pop(key, None)
            if future.cancelled() or future.exception() is not None:
                return
            self._cache[key] = future.result()
            while self._cache and sum(map(len, self._cache.values())) > self.cache_bytes:
                self._cache.popitem(last=False)

    def cached(self, html: str) -> bool:
        """True when the PDF of ``html`` is in the cache (tests, diagnostics)."""
        return hashlib.sha256(html.encode("utf-8")).hexdigest() in self._cache


def init_app(app: Flask, render: Callable[[str], bytes]) -> None:
    """One renderer per app (per gunicorn worker process), sized by the PDF_* settings."""
    app.extensions["mapfinder.pdf"] = BoundedRenderer(
        render,
        workers=int(app.config.get("PDF_WORKERS", 1)),
        timeout=float(app.config.get("PDF_TIMEOUT", 20)),
        max_pending=int(app.config.get("PDF_MAX_PENDING", 4)),
        cache_bytes=int(app.config.get("PDF_CACHE_MB", 32)) * 1024 * 1024,
    )


def render_pdf(html: str) -> bytes:
    """The PDF of ``html`` through the app's bounded renderer."""
    return current_app.extensions["mapfinder.pdf"].render(html)
