"""The exceptions coalitiegraaf raises, each with the exit code the CLI maps it to.

Exit codes: 0 ok; 1 findings (validation results at or above --fail-on); 2 usage or
unreadable input; 3 could not run (an endpoint down, a write that failed).
"""

from __future__ import annotations

from pathlib import Path


class CoalitiegraafError(Exception):
    """Base class of every error coalitiegraaf raises on purpose.

    An error raised with ``key`` takes its words from the message catalogue
    (``coalitiegraaf.messages``), so that the CLI says it in the run's language:
    ``InputError(key="unknown_format", value="foo", choices="ttl, nt")``. ``str()`` of such
    an error is in the environment's language (``COALITIEGRAAF_LANG``, the locale, else
    Dutch); ``text(lang)`` in any other.
    """

    exit_code = 3

    def __init__(self, message: str = "", *, key: str | None = None, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(message if key is None else self.text())

    def text(self, lang: str | None = None) -> str:
        """The error in ``lang`` (the environment's language when None)."""
        if self.key is None:
            return str(self)
        from coalitiegraaf.messages import language, say

        return say(self.key, lang or language(), **self.values)


class InputError(CoalitiegraafError):
    """Input that cannot be used: a missing, unreadable or malformed file, a bad option."""

    exit_code = 2


class ParseError(InputError):
    """A file that does not parse; reported as ``file:line:column: message``. The message is
    given as text (a parser's own, which stays as the parser wrote it) or as a ``key`` of the
    message catalogue with its values."""

    def __init__(self, path: Path | str, message: str = "", line: int | None = None,
                 column: int | None = None, *, key: str | None = None, **values: object) -> None:
        self.path = str(path)
        self.message = message
        self.line = line
        self.column = column
        super().__init__(message, key=key, **values)
        if key is not None:
            from coalitiegraaf.messages import language, say

            self.message = say(key, language(), **values)
        self.args = (str(self),)

    def location(self) -> str:
        location = self.path
        if self.line is not None:
            location += f":{self.line}"
            if self.column is not None:
                location += f":{self.column}"
        return location

    def text(self, lang: str | None = None) -> str:
        if self.key is None:
            return str(self)
        from coalitiegraaf.messages import language, say

        return f"{self.location()}: {say(self.key, lang or language(), **self.values)}"

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"


class QueryError(InputError):
    """A query that cannot run: a syntax error, a missing parameter, a refused feature."""


class StoreError(CoalitiegraafError):
    """The store could not do what was asked (an endpoint down, a failed upload)."""


class ExportError(CoalitiegraafError):
    """An export or report could not be written; the previous file is left intact."""
