"""``python -m kit.cli`` runs the CLI (used by tests and subprocesses)."""

from kit.cli import main

main()
