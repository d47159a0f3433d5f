"""What the listings remember per data version: ``numberMatched``, the finder's facet counts, map clusters and whole
API pages of a filter set.

The key holds the data version (``data_version``, bumped by statement triggers in the writing transaction itself —
on the read model ``offer_search``, which every content write refreshes, and on the vocabulary tables — so a write
makes new keys at once for its own transaction and, once committed, for everybody), the database's date (offers past
their end date drop out at midnight without a write), what is remembered and the filters. Each worker process keeps
its own LRU, bounded in entries and bytes.
"""

import logging
import threading
from collections import OrderedDict

from flask import current_app

logger = logging.getLogger(__name__)
CACHE_SIZE = 4096
CACHE_BYTES = 64 * 1024 * 1024  # of remembered pages (bytes values)
_cache: OrderedDict = OrderedDict()
_lock = threading.Lock()
_bytes = 0


def remembered(snapshot, filters, what, compute, *, keep=None):
    """``compute()`` once per data version and date of ``snapshot``, ``what`` and ``filters``; a value for which
    ``keep(value)`` is false is returned but not remembered."""
    global _bytes
    if not enabled() or not snapshot.version:
        return compute()
    key = (snapshot.version, snapshot.today, what, filters)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    value = compute()
    if keep is not None and not keep(value):
        return value
    with _lock:
        if key not in _cache:
            _cache[key] = value
            _bytes += _size(value)
        while len(_cache) > CACHE_SIZE or _bytes > CACHE_BYTES:
            _bytes -= _size(_cache.popitem(last=False)[1])
    return value


def enabled() -> bool:
    """``MAPFINDER_LISTING_CACHE=off`` switches remembering off (benchmarks measure cold requests with it)."""
    return current_app.config.get("LISTING_CACHE", True)


def _size(value) -> int:
    return len(value) if isinstance(value, bytes) else 0


def clear() -> None:
    """Forget everything remembered."""
    global _bytes
    with _lock:
        _cache.clear()
        _bytes = 0
