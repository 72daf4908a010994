"""The kit's error hierarchy.

Every user-facing failure is a ``KitError``. The CLI turns one into a single line and an exit code; the UI
shows it as a message. Messages say what is wrong and what to do, naming file and line where there is one.
They never carry raw input text: name record ids and offsets instead.
"""

from __future__ import annotations

from pathlib import Path


class KitError(Exception):
    """Base class for every error the kit reports to a user."""

    exit_code = 1


class InputError(KitError):
    """A file or value given by the user is malformed."""

    exit_code = 2

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class PolicyError(InputError):
    """A policy file is missing or invalid."""


class VaultError(KitError):
    """The vault cannot be opened or a blob fails authentication."""

    exit_code = 4


class OfflineViolation(KitError):
    """Code tried to reach the network; the kit is offline by construction."""

    exit_code = 5


class PermissionDenied(KitError):
    """The signed-in role may not perform this action."""

    exit_code = 3


class WorkspaceError(KitError):
    """The workspace is missing, malformed or from a newer kit."""


class StateError(KitError):
    """A workflow precondition is not met (e.g. no sign-off yet)."""


class TrainingError(KitError):
    """A training run cannot start or failed."""


class EvaluationError(KitError):
    """Evaluation, the release gate or the report failed."""
