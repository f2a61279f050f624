"""Exception tree and coded messages.

    DyadwatchError
    ├── ConfigError        bad settings, options or environment
    ├── DataFileError      a dictionary / data file failed validation
    ├── InputError         an input file or record cannot be read
    ├── StoreError         the database failed or holds something unexpected
    ├── NotFoundError      a requested article, event or dyad does not exist
    ├── PipelineError      the NLP pipeline cannot be loaded or run
    └── WatchError         a watched source, a fetch or an alert delivery failed

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
    "DW110": "imported verb dictionary line is malformed",
    "DW111": "imported verb dictionary has a malformed CAMEO code",
    "DW112": "CAMEO to PLOVER crosswalk line is malformed or missing",
    "DW120": "PETRARCH dictionary line has an unreadable code",
    "DW121": "PETRARCH dictionary line has a bad date restriction",
    "DW122": "PETRARCH actor file line is out of place (no primary phrase)",
    "DW123": "PETRARCH agent file line is unreadable",
    "DW124": "PETRARCH dictionary file cannot be read",
    "DW125": "actor phrase file line is malformed",
    "DW201": "input file cannot be read",
    "DW202": "input is empty",
    "DW203": "input is binary or not UTF-8 text",
    "DW204": "input is too large",
    "DW205": "input record is malformed",
    "DW206": "input is not English",
    "DW207": "input path does not exist",
    "DW208": "input JSON is nested too deeply",
    "DW209": "input date is not an ISO date in the years dyadwatch reads",
    "DW210": "symbolic link loop in an input folder",
    "DW211": "input is not a regular file (FIFO, socket, device) or a broken link",
    "DW213": "unexpected error while reading one input (the batch goes on)",
    "DW214": "unexpected error while coding one input (the batch goes on)",
    "DW215": "unexpected error while storing one input (the batch goes on)",
    "DW216": "import file is not in a format dyadwatch can import",
    "DW301": "store operation failed",
    "DW302": "store schema is newer than this dyadwatch",
    "DW303": "disk full while writing",
    "DW304": "store or output is on a read-only filesystem or not writable",
    "DW305": "store file is damaged or not a dyadwatch store",
    "DW306": "store is locked by another process",
    "DW307": "store does not exist (read commands do not create one)",
    "DW308": "interrupted (Ctrl-C or SIGTERM)",
    "DW309": "export cannot be written",
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
    "DW801": "sources file cannot be read or is not valid TOML",
    "DW802": "sources file entry fails validation",
    "DW803": "source name is unknown or already taken",
    "DW804": "fetch failed (connection, timeout or HTTP error)",
    "DW805": "fetched response is larger than the size cap",
    "DW806": "URL is disallowed by the site's robots.txt",
    "DW807": "feed or sitemap cannot be parsed",
    "DW808": "linked page could not be used; the feed's own text was coded",
    "DW809": "source is backing off after consecutive failures",
    "DW810": "alert delivery failed (will be retried)",
    "DW811": "webhook signature is missing, stale or wrong",
    "DW812": "watch needs a store that another process is not writing (DuckDB: use serve --watch)",
    "DW813": "drop folder does not exist or cannot be read",
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


class WatchError(DyadwatchError):
    """A watched source, a fetch or an alert delivery failed (``dyadwatch watch``)."""

    code = "DW804"
