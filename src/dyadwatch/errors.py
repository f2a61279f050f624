"""Exception tree and coded messages.

    DyadwatchError
    ├── ConfigError        bad settings, options or environment
    ├── DataFileError      a dictionary / data file failed validation
    ├── InputError         an input file or record cannot be read
    ├── StoreError         the database failed or holds something unexpected
    ├── NotFoundError      a requested article, event or dyad does not exist
    └── PipelineError      the NLP pipeline cannot be loaded or run

Every message starts with a stable code such as ``[DW104]``; the codes are
listed in :data:`ERROR_CODES` (tests/meta checks they are unique and that every
code used under ``src/`` is listed).
"""

from __future__ import annotations

ERROR_CODES: dict[str, str] = {
    "DW000": "unclassified error (DyadwatchError raised without a code)",
    "DW001": "configuration value is invalid",
    "DW002": "optional dependency is missing",
    "DW101": "data file cannot be read",
    "DW102": "data file entry is not valid JSON",
    "DW103": "data file entry fails validation",
    "DW104": "data file entry refers to an unknown code",
    "DW105": "duplicate id across data files",
    "DW106": "dictionary directory does not exist",
    "DW201": "input file cannot be read",
    "DW202": "input is empty",
    "DW203": "input is binary or not UTF-8 text",
    "DW204": "input is too large",
    "DW205": "input record is malformed",
    "DW206": "input is not English",
    "DW207": "input path does not exist",
    "DW301": "store operation failed",
    "DW302": "store schema is newer than this dyadwatch",
    "DW401": "not found",
    "DW501": "spaCy pipeline cannot be loaded",
    "DW601": "API request is not authorised",
    "DW602": "API request body is too large",
    "DW603": "API request is invalid",
    "DW604": "API internal error",
    "DW605": "unknown or malformed actor code",
    "DW606": "unknown PLOVER category",
    "DW607": "a dyad needs two different countries",
    "DW608": "series range holds too many points",
    "DW609": "article id breaks the id rule",
    "DW610": "request body is not JSON (wrong Content-Type or malformed)",
    "DW611": "text is not English; only English is coded",
    "DW612": "articles without a publication date: events without a day",
    "DW613": "request parameter has a bad value (day, range, cursor)",
    "DW701": "batch engine failed (worker, Ray job or cluster)",
    "DW702": "output directory is not empty",
    "DW703": "Parquet output cannot be read",
}


class DyadwatchError(Exception):
    """Base class of every error dyadwatch raises on purpose."""

    code = "DW000"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        if code is not None:
            self.code = code
        self.message = message
        super().__init__(f"[{self.code}] {message}")


class ConfigError(DyadwatchError):
    code = "DW001"


class DataFileError(DyadwatchError):
    """One or more problems in data files; ``problems`` lists each one."""

    code = "DW103"

    def __init__(self, problems: list[str], *, code: str | None = None) -> None:
        self.problems = list(problems)
        head = (problems[0] if len(problems) == 1
                else f"{len(problems)} problems in data files:\n  " + "\n  ".join(problems))
        if len(problems) == 1 and head.startswith("[DW"):
            # the problem line carries its own code; do not print it twice
            code, head = head[1:6], head[8:]
        super().__init__(head + "\nRun 'dyadwatch dict check' to see all problems.", code=code)


class InputError(DyadwatchError):
    code = "DW201"


class StoreError(DyadwatchError):
    code = "DW301"


class NotFoundError(DyadwatchError):
    code = "DW401"


class PipelineError(DyadwatchError):
    code = "DW501"
