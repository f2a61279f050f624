"""The HTTP API: ``create_app(service)`` builds a FastAPI application over a DyadService."""

from __future__ import annotations

from dyadwatch.api.app import create_app
from dyadwatch.api.config import TOKEN_ENV, ApiConfig
from dyadwatch.api.errors import ApiError, error_body

__all__ = ["TOKEN_ENV", "ApiConfig", "ApiError", "create_app", "error_body"]
