"""API routes, one module per concept; `ROUTERS` is what the app mounts under /api."""

from realpolitik.web.routes import actors, articles, documents, events, network, pairs, relations

ROUTERS = (
    documents.router, events.router, actors.router, relations.router, pairs.router,
    network.router, articles.router,
)  # fmt: skip
