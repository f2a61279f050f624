"""Settings of one API application, fixed when it is created."""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass, field

from dyadwatch.errors import ConfigError

TOKEN_ENV = "DYADWATCH_TOKEN"
DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
MIN_TOKEN_CHARS = 16
DEFAULT_CACHE_TTL = 2.0


@dataclass(frozen=True)
class ApiConfig:
    """How the API guards itself.

    Attributes:
        token: bearer token that write endpoints (ingest) require; ``None`` disables them.
        open_reads: when false, read endpoints require the token as well.
        max_body_bytes: requests with a larger body get a 413 envelope.
        cors_origins: origins allowed cross-site; empty (the default) means CORS is off.
        cache_ttl: seconds a read response is reused for the same URL (0 = no cache);
            every ingest through the API empties the cache.
    """

    token: str | None = None
    open_reads: bool = True
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    cache_ttl: float = DEFAULT_CACHE_TTL

    def __post_init__(self) -> None:
        if self.token is not None and len(self.token) < MIN_TOKEN_CHARS:
            raise ConfigError(f"the API token is {len(self.token)} characters long; use at least "
                              f"{MIN_TOKEN_CHARS} (for example: python -c 'import secrets; "
                              "print(secrets.token_urlsafe(32))')")
        if not self.open_reads and not self.token:
            raise ConfigError("closed reads need a token: pass --token or set DYADWATCH_TOKEN, "
                              "or use --open-reads")
        if self.cache_ttl < 0:
            raise ConfigError(f"the cache time {self.cache_ttl} is negative; use 0 to turn the cache off")
        if self.max_body_bytes < 1024:
            raise ConfigError(f"the request body limit {self.max_body_bytes} is below 1024 bytes")

    @classmethod
    def from_env(cls, *, token: str | None = None, **kwargs: object) -> ApiConfig:
        """Take the token from ``token`` or else from ``DYADWATCH_TOKEN`` (empty means none)."""
        value = token if token is not None else os.environ.get(TOKEN_ENV)
        return cls(token=value or None, **kwargs)  # type: ignore[arg-type]

    def token_matches(self, given: str) -> bool:
        """Compare a presented token with the configured one in constant time."""
        if self.token is None:
            return False
        return hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8"))
