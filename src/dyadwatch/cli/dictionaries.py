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
    conflicts: bool = typer.Option(
        False, "--conflicts",
        help="List every actor phrase that a higher layer (hand-curated, then yours) takes over from a lower "
             "one with another code."),
) -> None:
    """Validate the shipped dictionaries and, if given, an analyst's directory; list every problem.

    Patterns: lists those that a higher layer hides (analyst over hand-curated over the
    converted PETRARCH base layer): conflicts (the hidden pattern gives another event or mode)
    and shadowed entries (same event); --quiet only counts them.

    Actors, lowest layer first: the converted PETRARCH/Phoenix base, the hand-curated files, your
    directory. A phrase two layers give different codes is taken from the higher one; the count of
    such conflicts is printed, and --conflicts lists them.
    """
    from dyadwatch.actors.dictionary import ActorDictionary, load_layered_entries
    from dyadwatch.coding.patterns import layer_overlaps, load_patterns

    extra = (directory,) if directory else ()
    patterns, p_problems = load_patterns(extra)
    actors, layers, a_problems = load_layered_entries(extra)
    problems = p_problems + a_problems
    for p in problems:
        typer.echo(p, err=True)
    if problems:
        typer.echo(f"{len(problems)} problem(s) found", err=True)
        raise typer.Exit(1)
    typer.echo(f"ok: {len(patterns)} patterns, {len(actors)} actor entries")
    overlaps, shadowed = layer_overlaps(patterns)
    if not quiet:
        for line in overlaps:
            typer.echo(f"conflict: {line}")
        for line in shadowed:
            typer.echo(f"shadowed: {line}")
    typer.echo(f"layers: {len(overlaps)} conflict(s), {len(shadowed)} shadowed pattern(s) "
               "(a higher layer's pattern of the same trigger with a subset of the constraints wins)")
    found = ActorDictionary(actors, layers=layers).conflicts
    if conflicts:
        for phrase, low, high in found:
            typer.echo(f"{phrase!r}: {high.layer} {high.code}/{high.sector or '-'} ({high.entry_id}) over "
                       f"{low.layer} {low.code}/{low.sector or '-'} ({low.entry_id})")
    typer.echo(f"actors: {len(found)} phrase(s) where a higher actor layer overrides another code"
               + ("" if conflicts else " (--conflicts lists them)"))


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


@import_app.command("petrarch-actors")
def import_petrarch_actors_command(
    files: list[Path] = typer.Argument(..., help="PETRARCH/TABARI actor files (.actors.txt) and agent files.",
                                       exists=True, dir_okay=False),
    out: Path = typer.Option(..., "--out", help="Directory to write (as DIR/actors/*.jsonl, usable with --dict DIR)."),
    keep_common_words: bool = typer.Option(
        False, "--keep-common-words", help="Keep one-word names that are common English words (dropped by default)."),
    as_json: bool = typer.Option(False, "--json", help="Print the conversion report as JSON."),
) -> None:
    """Convert PETRARCH/Phoenix actor and agent dictionaries into dyadwatch actor files.

    Country and sector codes become ISO alpha-3 codes and PLOVER sectors, dated role codes become
    terms of office. Prints what was made by kind and what could not be expressed by reason; a
    line that cannot be read is reported with its file and line (exit code 1), the rest is converted.
    """
    import json

    from dyadwatch.importers.petrarch_actors import (
        common_word_filter,
        import_petrarch_actors,
        shipped_country_names,
    )
    from dyadwatch.places import town_country

    report = import_petrarch_actors(files, out, keep_name=None if keep_common_words else common_word_filter(),
                                    town_country=town_country, country_names=shipped_country_names())
    for err in report.errors:
        typer.echo(err, err=True)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        typer.echo(f"wrote {out / 'actors'}")
        for kind, n in sorted(report.kinds.items()):
            typer.echo(f"  {kind}: {n}")
        if report.skipped:
            typer.echo("not converted:")
            for reason, n in report.skipped.most_common():
                typer.echo(f"  {reason}: {n}")
        if report.repaired:
            typer.echo("read leniently:")
            for reason, n in report.repaired.most_common():
                typer.echo(f"  {reason}: {n}")
    if report.errors:
        typer.echo(f"{len(report.errors)} line(s) could not be read", err=True)
        raise typer.Exit(1)
