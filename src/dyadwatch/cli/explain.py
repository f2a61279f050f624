"""`dyadwatch explain` and `dyadwatch actor`: show how the coder reads a sentence or a phrase."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from dyadwatch.cli.app import DictOption, app, dict_dirs, handle_errors
from dyadwatch.errors import InputError


@app.command("explain")
@handle_errors
def explain_command(
    text: str = typer.Argument(..., help="A sentence or short text, or a file path with --sentence N."),
    sentence: int | None = typer.Option(None, "--sentence", "-s",
                                        help="With a file: explain only sentence N (0-based)."),
    date: str | None = typer.Option(None, "--date",
                                    help="Publication date YYYY-MM-DD (for relative dates and office holders)."),
    dicts: list[Path] | None = DictOption,
    as_json: bool = typer.Option(False, "--json", help="Print the explanation as JSON."),
) -> None:
    """Show the parse, the actors and how they resolved, which pattern fired (or why none did), and the records."""
    from dyadwatch.ingest import article_from_text
    from dyadwatch.pipeline import Pipeline

    path = Path(text)
    if path.is_file():
        from dyadwatch.ingest import read_inputs
        from dyadwatch.records import Article

        first = next(iter(read_inputs([str(path)])), None)
        if not isinstance(first, Article):
            raise InputError(f"{path}: {first.message if first is not None else 'no article in the file'}")
        article = first if date is None else Article(**{**first.to_row(), "date": date})
    else:
        article = article_from_text(text, date=date)
    pipeline = Pipeline(dict_dirs=dict_dirs(dicts))
    report = pipeline.explain(article, sentence=sentence)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=1))
        return
    _print_report(report)


def _print_report(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console()
    for sent in report["sentences"]:
        con.rule(f"sentence {sent['index']}")
        con.print(sent["text"])
        parse = Table(title="parse", header_style="bold")
        for col in ("i", "token", "lemma", "pos", "dep", "head", "entity", "actor"):
            parse.add_column(col)
        for t in sent["tokens"]:
            parse.add_row(str(t["i"]), t["text"], t["lemma"], t["pos"], t["dep"], str(t["head"]), t["ent"], t["actor"])
        con.print(parse)
        for tr in sent["traces"]:
            con.print(f"[bold]{tr['token']}[/bold]: {tr['pattern_id'] or '-'} → {tr['outcome']} {tr['details'] or ''}")
    con.rule("records")
    for ev in report["events"]:
        actors = ", ".join(f"{a['code']}/{a['sector']} ({a['text']})" for a in ev["actor"])
        recips = ", ".join(f"{a['code']}/{a['sector']} ({a['text']})" for a in ev["recipient"]) or "-"
        con.print(f"{ev['event']}{'/' + ev['mode'][0] if ev['mode'] else ''} {actors} → {recips} "
                  f"date={ev['date']} ({ev['date_precision']}) status={ev['status']} pattern={ev['pattern_id']}")
    if not report["events"]:
        con.print("no events")


@app.command("actor")
@handle_errors
def actor_command(
    phrase: str | None = typer.Argument(
        None, help="A phrase such as 'Chinese Foreign Ministry spokesperson' or 'Takaichi' (or use --file)."),
    date: str | None = typer.Option(None, "--date", help="Date YYYY-MM-DD: office holders are those in office then."),
    file: Path | None = typer.Option(
        None, "--file", "-f", exists=True, dir_okay=False,
        help='JSONL file of phrases, one {"text": ..., "date": ...?} a line: prints one JSON line per phrase.'),
    as_json: bool = typer.Option(False, "--json", help="Print the result as one JSON line."),
    dicts: list[Path] | None = DictOption,
) -> None:
    """Show how a phrase resolves to an actor (code, sector) and which dictionary entry (and layer) did it.

    With --file, every phrase of a JSONL file is resolved and printed as a JSON line with its
    code, sector, name, matched entry and source layer (petrarch, hand, user, gazetteer,
    in-article); lines that cannot be read are reported on stderr with their line number."""
    from dyadwatch.actors.phrases import read_phrase_file, resolve_phrases
    from dyadwatch.pipeline import Pipeline

    if (phrase is None) == (file is None):
        raise InputError("give a phrase or --file PHRASES.jsonl (one of them)", code="DW205")
    pipeline = Pipeline(dict_dirs=dict_dirs(dicts))
    coder = pipeline.coder
    if file is not None:
        items, bad = [], 0
        for _number, item, problem in read_phrase_file(file):
            if problem:
                typer.echo(problem, err=True)
                bad += 1
            elif item is not None:
                items.append(item)
        for row in resolve_phrases(items, nlp=pipeline.nlp, dictionary=coder.actors,
                                   town_country=coder.town_country):
            typer.echo(json.dumps(row, ensure_ascii=False))
        if bad:
            raise typer.Exit(1)
        return
    assert phrase is not None
    row = next(resolve_phrases([{"text": phrase, "date": date}], nlp=pipeline.nlp, dictionary=coder.actors,
                               town_country=coder.town_country))
    if as_json:
        typer.echo(json.dumps(row, ensure_ascii=False))
        if not row["actors"]:
            raise typer.Exit(1)
        return
    if not row["actors"]:
        typer.echo(f"'{phrase}': no actor (no country, organisation or known person in it)")
        raise typer.Exit(1)
    for a in row["actors"]:
        typer.echo(f"{a['code']}\t{a['sector']}\t{a['name'] or ''}\t{a['source']}\t{a['layer']}\t'{a['text']}'")
