"""Counts remembered per data version: ``numberMatched`` and the finder's facet counts of a filter set.

The key holds the data version (``data_version``, bumped by triggers in the writing transaction itself, so a write
makes new keys at once for its own transaction and, once committed, for everybody), today's date (offers past their
end date drop out at midnight without a write) and the filters. Text searches are not cached: they also read names
and translations, which do not bump the version. Each worker process keeps its own bounded LRU.
"""
import logging
import threading
from collections import OrderedDict
from datetime import date

logger = logging.getLogger(__name__)
CACHE_SIZE = 2048
_cache: OrderedDict = OrderedDict()
_lock = threading.Lock()


def remembered(version: tuple, filters, what: str, compute):
    """``compute()`` once per data version, date, filters and ``what``; uncached for text searches or no version."""
    if not version or getattr(filters, "q", None):
        return compute()
    key = (version, date.today(), what, filters)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    value = compute()
    with _lock:
        _cache[key] = value
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return value


def clear() -> None:
    """Forget every remembered count (benchmarks measure cold counts with it)."""
    with _lock:
        _cache.clear()
