"""The one error type for bad request parameters, and a reader that collects every bad one in a single pass.

Each output format turns a ``ParameterError`` into a 400 in one place (``errors.py``: JSON for the API, a line of
text for downloads, a page for readers); pages that can go on without the parameter drop it and name it instead.
"""

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class ParameterError(ValueError):
    """A request value that cannot be used; ``param`` names it, ``message`` says why (in the reader's language)."""

    def __init__(self, param: str, message: str):
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


class ParameterReader:
    """Reads parameters one by one; with ``collect`` a bad one is recorded and its default used, else raised."""

    def __init__(self, *, collect: bool = False):
        self.collect = collect
        self.errors: list[ParameterError] = []

    def read(self, parse: Callable[[], T], default: T) -> T:
        """The parsed value, or ``default`` when collecting and the value is bad."""
        try:
            return parse()
        except ParameterError as error:
            if not self.collect:
                raise
            self.errors.append(error)
            return default

    @property
    def bad_names(self) -> set[str]:
        """The parameters found bad so far."""
        return {error.param for error in self.errors}
