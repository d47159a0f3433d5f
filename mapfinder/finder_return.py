"""The way back from an offer's page to the finder as the reader left it: result links carry the finder's query
string in ``from``; the offer page turns it back into a link to the finder, and only ever to the finder."""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

MAX_STATE_LENGTH = 1000
_PARAM_NAME = re.compile(r"[a-z_]{1,20}")
# The interface language is the reader's own choice (cookie), not part of the filters.
_NOT_STATE = {"lang", "from"}


def finder_state(query_string: str) -> str:
    """The finder's filters as a query string worth carrying (empty when there are none)."""
    return urlencode(_pairs(query_string))


def back_to_finder(raw: str | None, index_path: str) -> str:
    """A local link to the finder with the filters of ``raw`` (a query string, or a URL of the finder itself);
    anything else, e.g. another host or path, gives the plain finder."""
    raw = (raw or "")[: MAX_STATE_LENGTH + 1]
    if len(raw) > MAX_STATE_LENGTH:
        return index_path
    if raw.startswith(("/", "?")):
        parts = urlsplit(raw)
        if parts.scheme or parts.netloc or parts.path not in ("", index_path):
            return index_path
        raw = parts.query
    elif "://" in raw:
        return index_path
    query = urlencode(_pairs(raw))
    return f"{index_path}?{query}" if query else index_path


def _pairs(query_string: str) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name, value in parse_qsl(query_string[:MAX_STATE_LENGTH], keep_blank_values=False)
        if _PARAM_NAME.fullmatch(name) and name not in _NOT_STATE and len(value) <= 200
    ]
