"""The `realpolitik` command: a thin Typer skin over `realpolitik.api`."""

from realpolitik.cli.app import app, main

__all__ = ["app", "main"]
