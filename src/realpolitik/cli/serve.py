"""`realpolitik serve`: the JSON API and the web workbench over a store, under uvicorn."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from realpolitik.cli.app import DB_HELP, err
from realpolitik.store import StoreError
from realpolitik.web.state import DEFAULT_MAX_UPLOAD_BYTES


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def serve(
    db: Annotated[str, typer.Option("--db", help=DB_HELP, envvar="REALPOLITIK_DB")] = (
        "sqlite:///realpolitik.db"
    ),
    host: Annotated[str, typer.Option(help="Address to listen on; loopback by default.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="REALPOLITIK_TOKEN",
            help="Bearer token that POST /api/ingest requires; without one, ingest is off.",
        ),
    ] = None,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option("--cors-origin", help="An origin allowed to call the API (repeatable)."),
    ] = None,
    max_upload: Annotated[
        int, typer.Option(min=1, help="Largest request body accepted, in bytes.")
    ] = DEFAULT_MAX_UPLOAD_BYTES,
) -> None:
    """Serve the API (OpenAPI at /docs) and the workbench at http://HOST:PORT/.

    Example: realpolitik serve --db sqlite:///demo.db --port 8000
    """
    import uvicorn

    from realpolitik.web.app import create_app, missing_assets

    try:
        app = create_app(db, token, cors_origin or [], max_upload)
    except StoreError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    missing = missing_assets()
    if missing:
        err.print(
            f"warning: workbench files missing ({', '.join(missing)}); the API works, the map "
            "does not; run `make web` to build them",
            markup=False,
        )
    if not _is_loopback(host) and not token:
        err.print(
            f"warning: listening on {host}; reads are open to anyone who can reach it",
            markup=False,
        )
    shown = app.state.web.store.shown_url
    err.print(f"realpolitik: http://{host}:{port}/ (API docs at /docs) over {shown}", markup=False)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command()(serve)
