"""`dyadwatch dict check`: validate dictionaries; `dyadwatch dict import ...`: convert other coders' ones."""

from __future__ import annotations

from pathlib import Path

import typer

from dyadwatch.cli.app import app, handle_errors

dict_app = typer.Typer(help="Check and inspect dictionaries (patterns, actors).", no_args_is_help=True)
app.add_typer(dict_app, name="dict")
import_app = typer.Typer(help="Convert dictionaries of other event coders into dyadwatch data files.",
                         no_args_is_help=True)
dict_app.add_typer(import_app, name="import")


@dict_app.command("check")
def check_command(
    directory: Path | None = typer.Argument(None, help="Extra dictionary directory to check with the shipped data.",
                                            exists=True, file_okay=False),
    quiet: bool = typer.Option(False, "--quiet", "-q",
                               help="Count shadowed and conflicting patterns; do not list them."),
) -> None:
    """Validate the shipped dictionaries and, if given, an analyst's directory; list every problem.

    Also lists the patterns that a higher layer hides (analyst over hand-curated over the
    converted PETRARCH base layer): conflicts (the hidden pattern gives another event or mode)
    and shadowed entries (same event).
    """
    from dyadwatch.actors.dictionary import load_actor_entries
    from dyadwatch.coding.patterns import layer_overlaps, load_patterns

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
    conflicts, shadowed = layer_overlaps(patterns)
    if not quiet:
        for line in conflicts:
            typer.echo(f"conflict: {line}")
        for line in shadowed:
            typer.echo(f"shadowed: {line}")
    typer.echo(f"layers: {len(conflicts)} conflict(s), {len(shadowed)} shadowed pattern(s) "
               "(a higher layer's pattern of the same trigger with a subset of the constraints wins)")


@import_app.command("petrarch-verbs")
@handle_errors
def import_petrarch_verbs(
    file: Path = typer.Argument(..., help="A TABARI/PETRARCH CAMEO verb dictionary (e.g. CAMEO.2.0.txt).",
                                exists=True, dir_okay=False),
    out: Path = typer.Option(..., "--out", help="Folder to write the pattern files into (created if needed). "
                             "Put it at DIR/verbs_petrarch and pass --dict DIR to use it as a base layer."),
    crosswalk: Path | None = typer.Option(None, "--crosswalk", exists=True, dir_okay=False,
                                          help="CAMEO to PLOVER crosswalk (CAMEO2PLOVER text or the shipped TSV "
                                               "format); default: the one shipped with dyadwatch."),
    prefix: str = typer.Option("import.petrarch", "--prefix", help="Prefix of the ids of the written patterns."),
    bare_verbs: bool = typer.Option(False, "--bare-verbs",
                                    help="Also convert a verb's code on its own (fires on every use of the verb)."),
    skip_malformed: bool = typer.Option(False, "--skip-malformed",
                                        help="Count malformed lines as not converted instead of stopping."),
) -> None:
    """Convert a PETRARCH verb dictionary into dyadwatch pattern files; report what was not converted and why."""
    from dyadwatch.importers.petrarch_verbs import import_verbs, write_conversion

    conv = import_verbs(file, crosswalk_path=crosswalk, prefix=prefix, bare_verbs=bare_verbs,
                        strict=not skip_malformed)
    written = write_conversion(conv, out, meta={"name": f"import of {file.name}", "source": str(file)})
    typer.echo(conv.report())
    typer.echo(f"wrote {len(written)} files to {out}")
