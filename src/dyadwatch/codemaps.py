"""Code maps: rewrite actor and recipient codes on output, to compare with data coded
under another convention (the 2016 PLOVER gold standard codes the UN and the EU as IGO;
older CAMEO data sets use other country codes).

A map is a JSON file ``{"description": "...", "codes": {"FROM": "TO", ...}}``. Shipped maps
live in ``data/codemaps`` and are named without the extension (``plover2016``); any other
file is given by its path. Coding and storage never change: maps apply to what is printed
or exported.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from dyadwatch.errors import ConfigError, DataFileError
from dyadwatch.records import Event
from dyadwatch.resources import data_path

CODEMAP_FOLDER = "codemaps"
_CODE = re.compile(r"^[A-Z]{3}$")


def shipped_code_maps() -> list[str]:
    """Names of the code maps that come with dyadwatch."""
    folder = data_path(CODEMAP_FOLDER)
    if not folder.is_dir():
        return []
    return sorted(p.name[: -len(".json")] for p in folder.iterdir() if p.name.endswith(".json"))


def load_code_map(name_or_path: str) -> dict[str, str]:
    """A shipped map by name, or a map file by path; validated (three-letter upper-case codes)."""
    path: Any = Path(name_or_path)
    if not path.is_file():
        shipped = data_path(CODEMAP_FOLDER, f"{name_or_path}.json")
        if not shipped.is_file():
            known = ", ".join(shipped_code_maps()) or "none"
            raise ConfigError(f"{name_or_path}: no such code map file (shipped maps: {known})")
        path = shipped
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError([f"[DW101] {path}: cannot be read: {exc}"], code="DW101") from exc
    except json.JSONDecodeError as exc:
        raise DataFileError([f"[DW102] {path}:{exc.lineno} not valid JSON: {exc.msg}"], code="DW102") from exc
    codes = obj.get("codes") if isinstance(obj, dict) else None
    if not isinstance(codes, dict) or not codes:
        raise DataFileError([f"[DW103] {path} [codes] a code map needs a non-empty 'codes' object"])
    bad = [f"{k!r}: {v!r}" for k, v in codes.items()
           if not (isinstance(k, str) and _CODE.match(k) and isinstance(v, str) and _CODE.match(v))]
    if bad:
        raise DataFileError([f"[DW103] {path} [codes] not three-letter upper-case codes: {', '.join(bad)}"])
    return dict(codes)


def remap_event(event: Event, mapping: dict[str, str]) -> Event:
    """The event with its actor and recipient codes rewritten."""
    if not mapping:
        return event
    return replace(
        event,
        actor=tuple(replace(e, code=mapping.get(e.code, e.code)) for e in event.actor),
        recipient=tuple(replace(e, code=mapping.get(e.code, e.code)) for e in event.recipient),
    )


def remap_item(item: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    """A stored event (or a printed row) with its actor and recipient codes rewritten."""
    if not mapping:
        return item
    out = dict(item)
    for key in ("actor", "recipient"):
        entities = item.get(key)
        if isinstance(entities, list):
            out[key] = [dict(e, code=mapping.get(e.get("code"), e.get("code"))) if isinstance(e, dict) else e
                        for e in entities]
    return out
