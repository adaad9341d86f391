"""The app factory: the JSON API under /api, OpenAPI at /openapi.json (Swagger UI at /docs,
served from vendored files), and the workbench at / with its files under /static."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

import realpolitik
from realpolitik.store import Store
from realpolitik.web.errors import install_handlers
from realpolitik.web.routes import ROUTERS
from realpolitik.web.security import BodyLimit, SecurityHeaders
from realpolitik.web.state import DEFAULT_MAX_UPLOAD_BYTES, WebState

STATIC = Path(__file__).resolve().parent / "static"
VENDOR = STATIC / "vendor"
VENDOR_FILES = ("cytoscape.min.js", "swagger-ui-bundle.js", "swagger-ui.css")


def missing_assets() -> list[str]:
    """Vendored files not built yet (`make web` builds them from web/frontend)."""
    return [name for name in VENDOR_FILES if not (VENDOR / name).is_file()]


def create_app(
    db: str,
    token: str | None = None,
    cors_origins: Sequence[str] = (),
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
) -> FastAPI:
    """An app over the store at `db` (opened now: a bad URL fails here, not on a request).

    `token` enables POST /api/ingest; `cors_origins` lists the only other origins whose
    pages may call the API (none by default); bodies over `max_upload_bytes` get 413.
    """
    if max_upload_bytes <= 0:
        raise ValueError(f"max_upload_bytes must be positive, got {max_upload_bytes}")
    state = WebState(db=db, store=Store.from_url(db), token=token or None,
                     max_upload_bytes=max_upload_bytes)  # fmt: skip

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        state.store.close()

    app = FastAPI(
        title="realpolitik",
        version=getattr(realpolitik, "__version__", "0"),
        description="Actors, coded PLOVER events and relations, each traced to its sentence.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.web = state
    install_handlers(app)
    for router in ROUTERS:
        app.include_router(router, prefix="/api")
    _add_pages(app)
    app.add_middleware(BodyLimit, max_bytes=max_upload_bytes)
    if cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )  # fmt: skip
    app.add_middleware(SecurityHeaders)
    return app


def _add_pages(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")

    @app.get("/", include_in_schema=False)
    def workbench() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json", title="realpolitik API",
            swagger_js_url="/static/vendor/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui.css", swagger_favicon_url="data:,",
        )  # fmt: skip
