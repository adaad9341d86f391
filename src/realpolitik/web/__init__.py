"""The web stage: a FastAPI app over a store (JSON API with OpenAPI, and the workbench).

`create_app(db, token)` builds it; `realpolitik serve --db URL` runs it under uvicorn.
"""

from realpolitik.web.app import create_app

__all__ = ["create_app"]
