"""Templates without their source indentation: ``<li>`` rows of the finder's list are indented three levels deep in
the source, which cost about 6 KB of spaces on every finder page.

Only the template *source* of ``.html`` templates loses the spaces and tabs at the start of its lines; the line breaks
stay, so the browser renders the same (whitespace between inline elements still collapses to one space), and values
inserted into the page (an offer's description in a <textarea>) are untouched. Plain-text templates (mails) keep
their layout.
"""

import re

from jinja2.ext import Extension

_LINE_INDENT = re.compile(r"\n[ \t]+")


class StripIndentation(Extension):
    """A Jinja extension that removes the indentation of ``.html`` template sources before they are compiled."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if not (name or "").endswith(".html"):
            return source
        return _LINE_INDENT.sub("\n", source)
