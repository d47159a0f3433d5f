"""Reading data files into validated records; every problem names the file, the record and the field."""

import csv
import io
import re
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from babel import Locale

from ..input_rules import has_control_characters

# Word and some spreadsheets write a manual line break as vertical tab or form feed: kept as a line break.
_SOFT_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
_LANGUAGE_CODE = re.compile(r"[a-z]{2}")


class DataFileError(ValueError):
    """A data file that cannot be loaded; nothing of it is written."""

    def __init__(self, path: Path | str, record: str, field: str, problem: str):
        self.path, self.record, self.field, self.problem = Path(path), record, field, problem
        super().__init__(f"{Path(path).name}: {record}, field '{field}': {problem}")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise DataFileError(path, f"line {line}", "(encoding)", "not UTF-8 text") from error


def read_csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str] | DataFileError]]:
    """Yield (first line, row or the row's problem) of a UTF-8 CSV file.

    Rows end only at CR/LF (never at vertical tab, form feed or U+2028, which ``splitlines`` would split at).
    A quote left open swallows the following lines into one value: such a row, and one whose number of fields
    differs from the header's, is reported with its line instead of being imported merged or cut.
    """
    reader = csv.reader(io.StringIO(_read_text(path), newline=""), strict=True)
    header, first_line = None, 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problem = (
                f"a quote opened on line {first_line} is never closed"
                if "end of data" in str(error)
                else f"a quote opened on line {first_line} is not closed properly: lines {first_line}–"
                f"{reader.line_num} could not be read ({error})"
            )
            yield first_line, DataFileError(path, f"line {first_line}", "(quotes)", problem)
            first_line = reader.line_num + 1
            continue
        if header is None:
            header = [name.strip() for name in values]
        elif any(value.strip() for value in values):
            yield first_line, _row(path, first_line, reader.line_num, header, values)
        first_line = reader.line_num + 1


def _row(path: Path, first: int, last: int, header: list[str], values: list[str]) -> dict[str, str] | DataFileError:
    where = f"line {first}"
    if len(values) != len(header):
        problem = f"{len(values)} fields, the header has {len(header)}"
        if last > first:
            problem += f"; a quote opened on line {first} may be unclosed (the row runs to line {last})"
        return DataFileError(path, where, "(row)", problem)
    swallowed = _swallowed_line(values, len(header))
    if swallowed is not None:
        return DataFileError(
            path,
            where,
            "(quotes)",
            f"a quote opened on line {first} seems unclosed: line "
            f"{first + swallowed} inside the value looks like a row of its own",
        )
    return {name: value.strip() for name, value in zip(header, values) if name}


def _swallowed_line(values: list[str], columns: int) -> int | None:
    """The offset of a line inside a multi-line value that has a whole row's commas (an unclosed quote)."""
    offset = 0
    for value in values:
        for number, line in enumerate(value.splitlines()[1:], start=1):
            if columns > 2 and line.count(",") >= columns - 1:
                return offset + number
        offset += value.count("\n")
    return None


def read_csv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) of a UTF-8 CSV file; a broken row or encoding refuses the file (base data)."""
    for line, row in read_csv_rows(path):
        if isinstance(row, DataFileError):
            raise row
        yield line, row


def read_toml(path: Path) -> dict:
    """Parse a TOML file; a syntax or encoding error is a DataFileError."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise DataFileError(path, "whole file", "(encoding)", "not UTF-8 text") from error
    except tomllib.TOMLDecodeError as error:
        raise DataFileError(path, "whole file", "(syntax)", str(error)) from error


class Record:
    """One record of a data file with typed, checked access to its fields."""

    def __init__(self, path: Path, where: str, values: dict):
        self.path, self.where, self.values = path, where, values

    def fail(self, field: str, problem: str) -> DataFileError:
        """The error for one field of this record."""
        return DataFileError(self.path, self.where, field, problem)

    def text(self, field: str, *, required: bool = True) -> str | None:
        """A text field; missing or empty is an error when required; control characters are refused."""
        value = self.values.get(field)
        value = value.translate(_SOFT_BREAKS).strip() if isinstance(value, str) else value
        if value in (None, ""):
            if required:
                raise self.fail(field, "missing")
            return None
        if has_control_characters(str(value)):
            raise self.fail(field, "contains a control character (invisible, not allowed in text)")
        return str(value)

    def language_codes(self, field: str) -> list[str]:
        """``;``-separated ISO 639-1 codes (``de;tr``), lower case."""
        codes = [code.lower() for code in self.codes(field)]
        unknown = [code for code in codes if code not in iso_639_1_codes()]
        if unknown:
            raise self.fail(field, f"not an ISO 639-1 language code (two letters, e.g. de, tr): {', '.join(unknown)}")
        return codes

    def url(self, field: str) -> str | None:
        """A web address: http or https with a host, nothing else (no javascript:, data:, mailto:)."""
        value = self.text(field, required=False)
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme.lower() not in {"http", "https"} or not parts.hostname or any(c.isspace() for c in value):
            raise self.fail(field, f"not a web address starting with http:// or https://: {value[:80]!r}")
        return value

    def integer(self, field: str, *, required: bool = True) -> int | None:
        """An integer field."""
        value = self.text(field, required=required)
        if value is None:
            return None
        try:
            return int(value)
        except ValueError:
            raise self.fail(field, f"not a whole number: {value!r}") from None

    def decimal(self, field: str, *, required: bool = True) -> float | None:
        """A decimal number field (a dot as decimal separator)."""
        value = self.text(field, required=required)
        if value is None:
            return None
        try:
            return float(value)
        except ValueError:
            raise self.fail(field, f"not a number: {value!r}") from None

    def boolean(self, field: str, *, default: bool | None = None) -> bool | None:
        """true/false, yes/no, ja/nein, 1/0."""
        value = self.text(field, required=default is None)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in {"true", "yes", "ja", "1"}:
            return True
        if lowered in {"false", "no", "nein", "0"}:
            return False
        raise self.fail(field, f"not true/false: {value!r}")

    def codes(self, field: str, allowed: set[str] | None = None, *, required: bool = False) -> list[str]:
        """A ``;``-separated list of codes, each checked against ``allowed`` when given."""
        value = self.text(field, required=required) or ""
        codes = [code.strip() for code in value.split(";") if code.strip()]
        unknown = sorted(set(codes) - allowed) if allowed is not None else []
        if unknown:
            raise self.fail(field, f"unknown code(s): {', '.join(unknown)}")
        return codes

    def choice(self, field: str, allowed: set[str], *, default: str) -> str:
        """One of a fixed set of values."""
        value = self.text(field, required=False) or default
        if value not in allowed:
            raise self.fail(field, f"{value!r} is not one of {', '.join(sorted(allowed))}")
        return value


def csv_records(path: Path) -> list[Record]:
    """All rows of a CSV file as Records, each named by its line in the file; any broken row refuses the file."""
    return [Record(path, f"line {line}", row) for line, row in read_csv(path)]


def csv_records_or_problems(path: Path) -> list[Record | DataFileError]:
    """All rows of a CSV file: a Record each, or the problem of a row that could not be read (imports go on)."""
    return [
        row if isinstance(row, DataFileError) else Record(path, f"line {line}", row)
        for line, row in read_csv_rows(path)
    ]


@cache
def iso_639_1_codes() -> frozenset[str]:
    """Every two-letter language code Babel (CLDR) knows."""
    return frozenset(code for code in Locale("en").languages if _LANGUAGE_CODE.fullmatch(code))
