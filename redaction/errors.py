"""Errors raised by the redaction package.

``redaction`` must not import ``kit``; the kit maps these onto its own hierarchy (``PolicyValidationError``
becomes ``kit.errors.PolicyError`` with the same path and line).
"""

from __future__ import annotations


class RedactionError(Exception):
    """Base class for errors the redaction package reports."""


class PolicyValidationError(RedactionError, ValueError):
    """A policy file is missing, not YAML, or does not validate.

    ``path`` and ``line`` locate the problem when known; the message never quotes document text.
    """

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputFileError(RedactionError, ValueError):
    """An input file (JSONL records or a gold set) is malformed at ``path``:``line``.

    The message names the problem, never the offending text.
    """

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class ModelError(RedactionError):
    """A learned detector is missing, damaged, of another version, or cannot be trained as asked.

    The message names the folder or file; the rules still run without the model.
    """
