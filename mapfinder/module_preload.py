"""The JavaScript modules a page will load, named in its head (``<link rel="modulepreload">``) so that the browser
asks for all of them at once: otherwise it finds each level of ``import`` only when the level above has arrived (the
finder's scripts are five levels deep, about 250 ms of round trips on a first visit)."""

import re
from functools import cache
from pathlib import Path

from flask import Flask, current_app, g, url_for

# Static imports of this app's own modules: `import … from "./x.js"`, `export … from "../y.js"`, `import "./z.js"`.
_IMPORT = re.compile(r"""^\s*(?:import|export)\b[^"';]*?["'](\.{1,2}/[^"']+\.js)["']""", re.MULTILINE)


def init_app(app: Flask) -> None:
    app.add_template_global(module_preloads)


def module_preloads(*entries: str) -> list[str]:
    """URLs of the entry modules (paths under ``static/``) and of every module they import, directly or not; each
    once per page (a module the page's map already named is not named again)."""
    static = Path(current_app.static_folder)
    paths = _module_graph(static, entries) if current_app.debug else _remembered_graph(static, entries)
    named = g.setdefault("preloaded_modules", set())
    fresh = [path for path in paths if path not in named]
    named.update(fresh)
    return [url_for("static", filename=path) for path in fresh]


@cache
def _remembered_graph(static: Path, entries: tuple[str, ...]) -> tuple[str, ...]:
    """The graph read once per process: scripts change only with a deployment, which restarts the app."""
    return _module_graph(static, entries)


def _module_graph(static: Path, entries: tuple[str, ...]) -> tuple[str, ...]:
    """Module paths in the order first found, each once; an import of a file that does not exist is left out (the
    browser reports it anyway)."""
    found: dict[str, None] = {}
    pending = list(entries)
    while pending:
        path = pending.pop(0)
        file = static / path
        if path in found or not file.is_file():
            continue
        found[path] = None
        for target in _IMPORT.findall(file.read_text(encoding="utf-8")):
            resolved = (file.parent / target).resolve()
            if resolved.is_relative_to(static.resolve()):
                pending.append(resolved.relative_to(static.resolve()).as_posix())
    return tuple(found)
