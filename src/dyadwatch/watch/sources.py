"""The sources file: what ``dyadwatch watch`` follows, which alerts it raises, where they go.

A TOML file (read with the standard library's ``tomllib``)::

    [watch]                       # optional: how to fetch (defaults shown in WatchSettings)
    user_agent = "dyadwatch/0.1 (+mailto:desk@example.org)"
    min_host_delay = 2.0

    [[source]]
    name = "example-world"
    kind = "feed"                 # feed | page | sitemap | folder
    url = "https://news.example.org/world/rss.xml"
    interval = 900                # seconds, or "15m", "1h"
    tags = ["world"]
    language = "en"

    [[watchlist]]
    name = "china-japan"
    dyads = ["CHN:JPN"]           # and/or actors = ["CHN"], categories = ["THREATEN"]
    threshold = 3.0

    [[sink]]
    name = "ops"
    kind = "webhook"              # stdout | file | webhook
    url = "https://hooks.example.org/dyadwatch"
    secret_env = "DYADWATCH_WEBHOOK_SECRET"

Every entry is checked by a pydantic model with ``extra="forbid"``; all problems are
reported at once as ``file:line [field] message``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from dyadwatch.errors import ConfigError

#: Fetch defaults (see docs/watch.md).
DEFAULT_INTERVAL = 900
DEFAULT_USER_AGENT = "dyadwatch/0.1 (news event monitor; +https://pypi.org/project/dyadwatch/)"
DEFAULT_MIN_HOST_DELAY = 2.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 15.0
DEFAULT_RETRIES = 2
DEFAULT_BACKOFF = 1.0
DEFAULT_MAX_BACKOFF = 6 * 3600.0
DEFAULT_MAX_ITEMS = 50

SOURCE_KINDS = ("feed", "page", "sitemap", "folder")
SINK_KINDS = ("stdout", "file", "webhook")
_NAME = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}


def parse_duration(value: Any) -> float:
    """Seconds from a number or a string such as ``"90"``, ``"15m"``, ``"1h"``."""
    if isinstance(value, bool):
        raise ValueError("expected seconds or a duration such as '15m'")
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        match = _DURATION.match(str(value))
        if not match:
            raise ValueError(f"expected seconds or a duration such as '15m', got {value!r}")
        seconds = float(match.group(1)) * _UNITS[match.group(2)]
    if seconds <= 0:
        raise ValueError("must be more than 0 seconds")
    return seconds


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WatchSettings(_Model):
    """How the watcher fetches (the ``[watch]`` table)."""

    user_agent: str = DEFAULT_USER_AGENT
    min_host_delay: float = Field(default=DEFAULT_MIN_HOST_DELAY, ge=0)
    connect_timeout: float = Field(default=DEFAULT_CONNECT_TIMEOUT, gt=0)
    read_timeout: float = Field(default=DEFAULT_READ_TIMEOUT, gt=0)
    max_bytes: int = Field(default=DEFAULT_MAX_BYTES, ge=1024)
    retries: int = Field(default=DEFAULT_RETRIES, ge=0, le=10)
    backoff: float = Field(default=DEFAULT_BACKOFF, ge=0)
    max_backoff: float = Field(default=DEFAULT_MAX_BACKOFF, gt=0)
    max_items: int = Field(default=DEFAULT_MAX_ITEMS, ge=1)
    batch: int = Field(default=32, ge=1, le=1024)  # articles coded and stored per transaction
    respect_robots: bool = True

    @field_validator("max_backoff", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> float:
        return parse_duration(value)


class Source(_Model):
    """One followed source (a ``[[source]]`` entry)."""

    name: str = Field(pattern=_NAME)
    kind: Literal["feed", "page", "sitemap", "folder"] = "feed"
    url: str | None = None
    path: str | None = None
    interval: float = DEFAULT_INTERVAL
    tags: list[str] = Field(default_factory=list)
    language: str = "en"
    follow_links: bool = True
    enabled: bool = True

    @field_validator("interval", mode="before")
    @classmethod
    def _interval(cls, value: Any) -> float:
        return parse_duration(value)

    @model_validator(mode="after")
    def _where(self) -> Source:
        if self.kind == "folder":
            if not self.path or self.url:
                raise ValueError("a folder source needs 'path' (and no 'url')")
        else:
            if not self.url or self.path:
                raise ValueError(f"a {self.kind} source needs 'url' (and no 'path')")
            if not self.url.startswith(("http://", "https://")):
                raise ValueError(f"url must start with http:// or https://, got {self.url!r}")
        if self.language.lower() not in ("en", "eng", "english"):
            raise ValueError(f"language {self.language!r}: dyadwatch codes English only")
        return self

    @property
    def location(self) -> str:
        return self.url or self.path or ""


class Watchlist(_Model):
    """Dyads, actors or event categories to raise alerts for (a ``[[watchlist]]`` entry)."""

    name: str = Field(pattern=_NAME)
    dyads: list[str] = Field(default_factory=list)
    actors: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    threshold: float = Field(default=3.0, gt=0)
    freq: Literal["day", "week", "month"] = "week"
    min_events: int = Field(default=3, ge=1)
    baseline: int = Field(default=8, ge=1)

    @field_validator("dyads")
    @classmethod
    def _dyads(cls, values: list[str]) -> list[str]:
        out = []
        for value in values:
            parts = re.split(r"[:\-,/ ]", value.strip().upper())
            if len(parts) != 2 or not all(re.fullmatch(r"[A-Z]{3}", p) for p in parts) or parts[0] == parts[1]:
                raise ValueError(f"dyad {value!r} must be two different 3-letter codes such as 'CHN:JPN'")
            out.append(":".join(parts))
        return out

    @field_validator("actors", "categories")
    @classmethod
    def _upper(cls, values: list[str]) -> list[str]:
        return [v.strip().upper() for v in values]

    @model_validator(mode="after")
    def _something(self) -> Watchlist:
        if not (self.dyads or self.actors or self.categories):
            raise ValueError("a watchlist needs at least one of dyads, actors, categories")
        return self

    def matches(self, a: str, b: str, categories: set[str]) -> bool:
        """Whether new events of dyad a–b with these PLOVER categories concern this watchlist."""
        if self.dyads and ":".join(sorted((a, b))) not in {":".join(sorted(d.split(":"))) for d in self.dyads}:
            return False
        if self.actors and not ({a, b} & set(self.actors)):
            return False
        return not self.categories or bool(categories & set(self.categories))


class Sink(_Model):
    """Where alerts go (a ``[[sink]]`` entry)."""

    name: str = Field(pattern=_NAME)
    kind: Literal["stdout", "file", "webhook"]
    path: str | None = None
    url: str | None = None
    secret_env: str | None = None
    secret: str | None = None
    retries: int = Field(default=4, ge=0, le=10)
    backoff: float = Field(default=1.0, ge=0)
    timeout: float = Field(default=10.0, gt=0)

    @model_validator(mode="after")
    def _where(self) -> Sink:
        if self.kind == "file" and not self.path:
            raise ValueError("a file sink needs 'path'")
        if self.kind == "webhook":
            if not self.url or not self.url.startswith(("http://", "https://")):
                raise ValueError("a webhook sink needs 'url' (http:// or https://)")
            if not (self.secret or self.secret_env):
                raise ValueError("a webhook sink needs 'secret_env' (the environment variable holding "
                                 "the signing secret) or 'secret'")
        return self


class SourcesFile(_Model):
    """The whole sources file."""

    watch: WatchSettings = WatchSettings()
    source: list[Source] = Field(default_factory=list)
    watchlist: list[Watchlist] = Field(default_factory=list)
    sink: list[Sink] = Field(default_factory=list)

    def get(self, name: str) -> Source:
        for source in self.source:
            if source.name == name:
                return source
        raise ConfigError(f"no source named {name!r}; see 'dyadwatch sources list'", code="DW803")


# -- reading -----------------------------------------------------------------------------
def _entry_line(text: str, table: str, index: int | None) -> int:
    """Line (1-based) of the ``index``-th ``[[table]]`` (or the ``[table]``) header, else 1."""
    pattern = re.compile(rf"^\s*\[\[\s*{table}\s*\]\]" if index is not None else rf"^\s*\[\s*{table}\s*\]")
    seen = 0
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            if index is None or seen == index:
                return number
            seen += 1
    return 1


def load_sources(path: str | Path) -> SourcesFile:
    """Read and validate a sources file (a missing file is an empty one).

    Raises:
        ConfigError: the file cannot be read or parsed (DW801) or entries fail validation
            (DW802, every problem listed as ``file:line [field] message``).
    """
    path = Path(path)
    if not path.exists():
        return SourcesFile()
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read sources file {path}: {exc}", code="DW801") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}", code="DW801") from exc
    try:
        parsed = SourcesFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = list(err["loc"])
            table = str(loc[0]) if loc else ""
            index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
            line = _entry_line(text, table, index) if table in ("source", "watchlist", "sink", "watch") else 1
            field = ".".join(str(p) for p in loc[2 if index is not None else 1:]) or table
            problems.append(f"{path}:{line} [{field}] {err['msg']}")
        raise ConfigError("; ".join(problems), code="DW802") from exc
    problems = []
    tables: tuple[tuple[str, Sequence[Source | Watchlist | Sink]], ...] = (
        ("source", parsed.source), ("watchlist", parsed.watchlist), ("sink", parsed.sink))
    for table, entries in tables:
        names: set[str] = set()
        for index, entry in enumerate(entries):
            if entry.name in names:
                problems.append(f"{path}:{_entry_line(text, table, index)} [name] {table} name {entry.name!r} "
                                "is used twice")
            names.add(entry.name)
    if problems:
        raise ConfigError("; ".join(problems), code="DW802")
    return parsed


# -- writing -----------------------------------------------------------------------------
def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
        return f'"{escaped}"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _table(model: BaseModel) -> list[str]:
    lines = []
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        if value is None or (not field.is_required() and value == field.get_default(call_default_factory=True)):
            continue
        lines.append(f"{name} = {_toml_value(value)}")
    return lines


def dump_sources(sources: SourcesFile) -> str:
    """The sources file as TOML (defaults left out)."""
    out = ["# dyadwatch sources file: see docs/watch.md", ""]
    settings = _table(sources.watch)
    if settings:
        out += ["[watch]", *settings, ""]
    for table, entries in (("source", sources.source), ("watchlist", sources.watchlist), ("sink", sources.sink)):
        for entry in entries:
            out += [f"[[{table}]]", *_table(entry), ""]
    return "\n".join(out)


def save_sources(path: str | Path, sources: SourcesFile) -> None:
    """Write the file atomically (a temporary file renamed over it)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(dump_sources(sources), encoding="utf-8")
    tmp.replace(path)


def add_source(path: str | Path, source: Source) -> SourcesFile:
    """Add a source to the file (created when missing); DW803 when the name is taken."""
    current = load_sources(path)
    if any(s.name == source.name for s in current.source):
        raise ConfigError(f"a source named {source.name!r} is already in {path}; remove it first or pick "
                          "another name", code="DW803")
    updated = current.model_copy(update={"source": [*current.source, source]})
    save_sources(path, updated)
    return updated


def remove_source(path: str | Path, name: str) -> SourcesFile:
    """Remove a source by name; DW803 when there is none."""
    current = load_sources(path)
    current.get(name)
    updated = current.model_copy(update={"source": [s for s in current.source if s.name != name]})
    save_sources(path, updated)
    return updated


def make_source(**values: Any) -> Source:
    """A validated Source from keyword values (the CLI); DW802 with the problems."""
    try:
        return Source.model_validate({k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:
        problems = [f"[{'.'.join(str(p) for p in e['loc']) or 'source'}] {e['msg']}" for e in exc.errors()]
        raise ConfigError("; ".join(problems), code="DW802") from exc
