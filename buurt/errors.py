"""The errors a user may see.

Every error that reaches a person carries one translated sentence that says what is wrong and
where. The CLI prints it and exits with `exit_code`; the TUI shows it beside the field or as a
notification. Anything that is not a `BuurtError` is a bug: it is logged, never shown raw.
"""

from __future__ import annotations


class BuurtError(Exception):
    """Base of every error with a sentence meant for the user."""

    exit_code: int = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(BuurtError):
    """Bad input from a person or a file: a form field, a CSV cell, a ballot, a command option.

    `field` names the form field (for the TUI to show the message beside it); `line` and
    `column` locate the problem in a file.
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        super().__init__(message)
        self.field = field
        self.line = line
        self.column = column


class NotFound(InputError):
    """Something the user named does not exist (a meeting id, a member name)."""


class ChangedElsewhere(InputError):
    """A save was refused because the row changed since the form showed it (another copy of
    the app, or the command line): reload and try again, nothing is overwritten silently."""


class FileProblem(BuurtError):
    """A neighbourhood file (or another file) cannot be used as asked: missing, corrupt,
    from a newer version, read-only, locked, or not a database at all."""

    exit_code = 2


class ReadOnlyFile(FileProblem):
    """A write was refused because the neighbourhood file was opened read-only."""
