"""The municipality is data: no name of a configured city appears in the package's code or in the templates.

Comments and docstrings may name the city (they explain why); strings, identifiers and template text may not.
"""

import io
import re
import tokenize
from pathlib import Path

import pytest

from mapfinder.municipality import read_profile

from .conftest import GEODATA_DIR

PROJECT_DIR = Path(__file__).resolve().parent.parent
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _city_terms() -> set[str]:
    """Every configured municipality's names, in every script and in ASCII spelling (``muelheim``)."""
    terms = set()
    for folder in sorted((GEODATA_DIR / "municipalities").iterdir()):
        profile = read_profile(folder)
        names = {profile.short_name, profile.network_name, *profile.short_names.values()}
        terms |= {name.casefold() for name in names} | {name.casefold().translate(_UMLAUTS) for name in names}
    return terms


def _python_code(path: Path) -> str:
    """The file's tokens without comments and docstrings (a string that is a statement of its own)."""
    kept, previous = [], tokenize.NEWLINE
    for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
        starts_statement = previous in (tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT)
        if token.type != tokenize.COMMENT and not (token.type == tokenize.STRING and starts_statement):
            kept.append(token.string)
        if token.type not in (tokenize.COMMENT, tokenize.NL):
            previous = token.type
    return " ".join(kept)


def _sources() -> list[tuple[Path, str]]:
    python = [(path, _python_code(path)) for path in sorted((PROJECT_DIR / "mapfinder").rglob("*.py"))]
    templates = [
        (path, _JINJA_COMMENT.sub("", path.read_text(encoding="utf-8")))
        for path in sorted((PROJECT_DIR / "templates").rglob("*.html"))
    ]
    return python + templates


def test_the_rule_sees_the_city_when_it_is_there():
    assert "mülheim" in _city_terms() and "muelheim" in _city_terms() and "мюльгайм" in _city_terms()
    assert "mülheim" in _python_code(Path(__file__)).casefold()  # this file's strings do name it


@pytest.mark.parametrize(("path", "code"), _sources(), ids=lambda value: getattr(value, "name", ""))
def test_no_city_name_outside_comments(path, code):
    found = sorted(term for term in _city_terms() if term in code.casefold())
    assert not found, f"{path.relative_to(PROJECT_DIR)} names the city ({', '.join(found)}): take it from the record"
