"""Code maps rewrite actor codes on output (``--code-map``), for comparison with data sets
coded under another convention; coding itself does not change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyadwatch.codemaps import load_code_map, remap_event, remap_item, shipped_code_maps
from dyadwatch.errors import ConfigError, DataFileError
from dyadwatch.records import Entity, Event


def test_the_plover2016_map_is_shipped_and_folds_un_and_eu_into_igo() -> None:
    assert "plover2016" in shipped_code_maps()
    assert load_code_map("plover2016") == {"UNO": "IGO", "EUR": "IGO"}


def test_remap_rewrites_actor_and_recipient_codes_only() -> None:
    ev = Event(id="e1", article_id="a1", event="REQUEST", cameo="100", quad_class=3, intensity=-2.0,
               actor=(Entity("UNO", "IGO", "the UN"),),
               recipient=(Entity("IRQ", "GOV", "Iraq"),))
    out = remap_event(ev, {"UNO": "IGO"})
    assert [e.code for e in out.actor] == ["IGO"] and [e.code for e in out.recipient] == ["IRQ"]
    assert out.actor[0].text == "the UN" and out.actor[0].sector == "IGO" and ev.actor[0].code == "UNO"
    row = remap_item({"actor": [{"code": "EUR"}], "recipient": [{"code": "EUR"}], "event": "AID"}, {"EUR": "IGO"})
    assert row == {"actor": [{"code": "IGO"}], "recipient": [{"code": "IGO"}], "event": "AID"}


def test_bad_map_files_are_named_in_the_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"codes": {"UNO": "IGO",}\n')
    with pytest.raises(DataFileError, match=r"broken\.json:1 not valid JSON"):
        load_code_map(str(broken))
    lower = tmp_path / "lower.json"
    lower.write_text(json.dumps({"codes": {"uno": "IGO"}}))
    with pytest.raises(DataFileError, match=r"lower\.json \[codes\].*'uno'"):
        load_code_map(str(lower))
    with pytest.raises(ConfigError, match="no such code map.*plover2016"):
        load_code_map("plover1999")


@pytest.mark.model
def test_code_command_prints_mapped_codes(tmp_path: Path) -> None:
    from dyadwatch.cli import app

    text = tmp_path / "un.txt"
    text.write_text("The United Nations demanded on Monday that Ethiopia reopen the aid corridor.\n")
    runner = CliRunner()
    plain = runner.invoke(app, ["code", str(text), "--quiet"])
    mapped = runner.invoke(app, ["code", str(text), "--quiet", "--code-map", "plover2016"])
    assert plain.exit_code == 0 and mapped.exit_code == 0
    actors = lambda out: [a["code"] for line in out.splitlines() for a in json.loads(line)["actor"]]  # noqa: E731
    assert "UNO" in actors(plain.stdout) and "UNO" not in actors(mapped.stdout)
    assert actors(mapped.stdout) == ["IGO" if c == "UNO" else c for c in actors(plain.stdout)]
    bad = runner.invoke(app, ["code", str(text), "--quiet", "--code-map", "nosuch"])
    assert bad.exit_code != 0 and "no such code map" in bad.output


def test_every_shipped_code_map_is_valid() -> None:
    for name in shipped_code_maps():
        mapping = load_code_map(name)
        assert mapping and all(k != v for k, v in mapping.items()), name
