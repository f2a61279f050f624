"""``dyadwatch serve``: the HTTP API and the dashboard on uvicorn."""

from __future__ import annotations

import ipaddress
import logging
from pathlib import Path

import typer

from dyadwatch.cli.app import app, handle_errors

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command()
@handle_errors
def serve(
    host: str = typer.Option(DEFAULT_HOST, "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(DEFAULT_PORT, "--port", min=0, max=65535, help="TCP port."),
    db: str = typer.Option(None, "--db", help="Store: DuckDB file, ':memory:' or postgresql://... "
                                              "(default: $DYADWATCH_DB or ./dyadwatch.duckdb)"),
    token: str = typer.Option(None, "--token", help="Bearer token for write endpoints (ingest) "
                                                    "(default: $DYADWATCH_TOKEN); none disables them."),
    open_reads: bool = typer.Option(True, "--open-reads/--closed-reads",
                                    help="Whether read endpoints work without the token."),
    max_body: int = typer.Option(4 * 1024 * 1024, "--max-body", min=1024,
                                 help="Largest request body in bytes (larger ones get 413)."),
    cors_origin: list[str] = typer.Option(None, "--cors-origin",
                                          help="Allow this origin cross-site (repeatable); CORS is off by default."),
    cache_ttl: float = typer.Option(2.0, "--cache-ttl", min=0.0,
                                    help="Seconds a read response is reused for the same URL (0: off)."),
    log_level: str = typer.Option("warning", "--log-level", help="uvicorn log level."),
    watch_file: Path = typer.Option(None, "--watch", help="Also follow this sources file in the same process "
                                                          "(the watcher; see 'dyadwatch watch')."),
) -> None:
    """Serve the JSON API (/api/v1, docs at /docs) and the dashboard (/) with uvicorn."""
    import uvicorn

    from dyadwatch.api import ApiConfig, create_app
    from dyadwatch.service import DyadService
    from dyadwatch.store import open_store

    config = ApiConfig.from_env(token=token, open_reads=open_reads, max_body_bytes=max_body,
                                cors_origins=tuple(cors_origin or ()), cache_ttl=cache_ttl)
    if not _is_loopback(host) and config.open_reads:
        typer.echo(f"dyadwatch: warning: serving open reads on {host}, which is not loopback; "
                   "use --closed-reads and a token to require it", err=True)
    store = open_store(db)
    service = DyadService(store=store)
    application = create_app(service, config)
    watching = None
    if watch_file is not None:
        # One process, one store connection: DuckDB allows a single writer.
        from dyadwatch.cli.watch import start_background_watcher

        watching = start_background_watcher(service, application, watch_file)
        typer.echo(f"dyadwatch: watching the sources in {watch_file}", err=True)
    typer.echo(f"dyadwatch: serving {store.url} on http://{host}:{port}/ "
               f"(API docs at /docs; ingest {'enabled' if config.token else 'disabled: no token'})", err=True)
    try:
        uvicorn.run(application, host=host, port=port, log_level=log_level, access_log=False,
                    server_header=False)
    finally:
        if watching is not None:
            from dyadwatch.cli.watch import stop_background_watcher

            stop_background_watcher(*watching)
        store.close()
