"""`dyadwatch dict check`: validate dictionaries."""

from __future__ import annotations

from pathlib import Path

import typer

from dyadwatch.cli.app import app

dict_app = typer.Typer(help="Check and inspect dictionaries (patterns, actors).", no_args_is_help=True)
app.add_typer(dict_app, name="dict")


@dict_app.command("check")
def check_command(
    directory: Path | None = typer.Argument(None, help="Extra dictionary directory to check with the shipped data.",
                                            exists=True, file_okay=False),
) -> None:
    """Validate the shipped dictionaries and, if given, an analyst's directory; list every problem."""
    from dyadwatch.actors.dictionary import load_actor_entries
    from dyadwatch.coding.patterns import load_patterns

    extra = (directory,) if directory else ()
    patterns, p_problems = load_patterns(extra)
    actors, a_problems = load_actor_entries(extra)
    problems = p_problems + a_problems
    for p in problems:
        typer.echo(p, err=True)
    if problems:
        typer.echo(f"{len(problems)} problem(s) found", err=True)
        raise typer.Exit(1)
    typer.echo(f"ok: {len(patterns)} patterns, {len(actors)} actor entries")
