"""Command line: ``dyadwatch COMMAND``. One module per command group, kept thin."""

from __future__ import annotations

import importlib

from dyadwatch.cli.app import app

# Each module registers its commands on ``app`` when imported.
_COMMAND_MODULES = (
    "dyadwatch.cli.coding",
    "dyadwatch.cli.dictionaries",
    "dyadwatch.cli.explain",
    "dyadwatch.cli.store",
    "dyadwatch.cli.serve",
    "dyadwatch.cli.scale",
    "dyadwatch.cli.watch",
)

for _name in _COMMAND_MODULES:
    importlib.import_module(_name)


def main() -> None:
    app()


__all__ = ["app", "main"]
