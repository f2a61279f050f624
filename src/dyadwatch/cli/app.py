"""The Typer application and what every command shares."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import typer

from dyadwatch.errors import DyadwatchError

app = typer.Typer(
    name="dyadwatch",
    help="News articles to PLOVER event data, and conflict/cooperation between countries over time.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

STATE: dict[str, Any] = {"debug": False}

F = TypeVar("F", bound=Callable[..., Any])


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks and debug logs."),
) -> None:
    STATE["debug"] = debug
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")


def handle_errors(func: F) -> F:
    """Print a DyadwatchError as one stderr line and exit 1 (traceback only with --debug)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DyadwatchError as exc:
            if STATE["debug"]:
                raise
            typer.echo(f"dyadwatch: {exc}", err=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


DictOption = typer.Option(
    None, "--dict", help="Extra dictionary directory (patterns, actors); may be repeated.",
    exists=True, file_okay=False, dir_okay=True,
)


CodeMapOption = typer.Option(
    None, "--code-map",
    help="Rewrite actor codes on output: a shipped map (plover2016) or a JSON map file. See docs/evaluation.md.",
)


def dict_dirs(values: list[Path] | None) -> tuple[Path, ...]:
    return tuple(values or ())
