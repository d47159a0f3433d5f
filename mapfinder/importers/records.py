"""Reading data files into validated records; every problem names the file, the record and the field."""
import csv
import tomllib
from collections.abc import Iterator
from pathlib import Path


class DataFileError(ValueError):
    """A data file that cannot be loaded; nothing of it is written."""

    def __init__(self, path: Path | str, record: str, field: str, problem: str):
        self.path, self.record, self.field, self.problem = Path(path), record, field, problem
        super().__init__(f"{Path(path).name}: {record}, field '{field}': {problem}")


def read_csv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) of a UTF-8 CSV file; a wrong encoding is a DataFileError, not a crash."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise DataFileError(path, f"line {line}", "(encoding)", "not UTF-8 text") from error
    reader = csv.DictReader(text.splitlines())
    for row in reader:
        yield reader.line_num, {key: (value or "").strip() for key, value in row.items() if key}


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
        """A text field; missing or empty is an error when required."""
        value = self.values.get(field)
        value = value.strip() if isinstance(value, str) else value
        if value in (None, ""):
            if required:
                raise self.fail(field, "missing")
            return None
        return str(value)

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
    """All rows of a CSV file as Records, each named by its line in the file."""
    return [Record(path, f"line {line}", row) for line, row in read_csv(path)]
