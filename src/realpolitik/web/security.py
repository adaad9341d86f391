"""Who may write, how much they may send, and what the browser may run.

Reads are open. `POST /api/ingest` needs `Authorization: Bearer <token>` with the token
given at start-up (no token configured: ingest is off). `POST /api/extract` stores nothing
but costs CPU: it is open to loopback clients (the analyst on their own machine) and needs
the token from anywhere else. Request bodies over `max_upload_bytes` get 413 before they
are parsed. Every response carries a Content-Security-Policy that allows only the app's own
scripts, so even a slip in escaping cannot run injected code.
"""

from __future__ import annotations

import contextlib
import ipaddress
import secrets
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from realpolitik.web.errors import ApiError, error_response
from realpolitik.web.state import WebState, web_state

_CHALLENGE = {"WWW-Authenticate": "Bearer"}
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
# Swagger UI starts itself from one inline script; it gets 'unsafe-inline' and nothing more.
_DOCS_CSP = _CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)
DOCS_PATHS = ("/docs", "/docs/oauth2-redirect")


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def check_token(request: Request, state: WebState) -> None:
    """Raise 401 without a bearer token, 403 with a wrong one or when writes are off."""
    if state.token is None:
        raise ApiError(
            403, "writes are disabled",
            "start the server with --token or REALPOLITIK_TOKEN to accept POST /api/ingest",
        )  # fmt: skip
    given = _bearer(request)
    if given is None:
        raise ApiError(401, "missing token", "send 'Authorization: Bearer <token>'", _CHALLENGE)
    if not secrets.compare_digest(given.encode(), state.token.encode()):
        raise ApiError(403, "wrong token", "send the token the server was started with")


def is_loopback(request: Request) -> bool:
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def require_token(request: Request, state: Annotated[WebState, Depends(web_state)]) -> None:
    """Dependency for routes that write to the store."""
    check_token(request, state)


def require_local_or_token(
    request: Request, state: Annotated[WebState, Depends(web_state)]
) -> None:
    """Dependency for routes that only compute: loopback clients pass, others need the token."""
    if is_loopback(request):
        return
    if state.token is None:
        raise ApiError(
            403, "extract is open to loopback clients only",
            "call from the server's own machine, or start it with --token and send it",
        )  # fmt: skip
    check_token(request, state)


class BodyLimit:
    """ASGI middleware: 413 for a request body over `max_bytes`, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._reject(scope, receive, send)
            return
        seen = 0
        over = False

        async def counting_receive() -> Message:
            nonlocal seen, over
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                over = True
                raise _TooLarge
            return message

        async def muted_send(message: Message) -> None:
            if not over:  # the app's own answer to the aborted read is replaced by a 413
                await send(message)

        with contextlib.suppress(_TooLarge):
            await self.app(scope, counting_receive, muted_send)
        if over:
            await self._reject(scope, receive, send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            413, "request body too large",
            f"send at most {self.max_bytes} bytes; split the article or raise --max-upload",
        )  # fmt: skip
        await response(scope, receive, send)


class _TooLarge(Exception):
    """Raised inside the app when a streamed body passes the limit."""


class SecurityHeaders:
    """ASGI middleware: CSP, no MIME sniffing, no referrer, on every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = _DOCS_CSP if scope["path"] in DOCS_PATHS else _CSP

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", csp.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
