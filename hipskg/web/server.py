"""Running the web application: uvicorn on one host and port, until interrupted."""

import sys
from typing import TYPE_CHECKING

from hipskg.errors import HipskgError
from hipskg.web.app import Settings, create_app

if TYPE_CHECKING:
    from hipskg.api import KnowledgeGraph


class ServeError(HipskgError):
    """The server could not start (the port is taken, the host unknown)."""


def serve(kg: "KnowledgeGraph", settings: Settings, host: str, port: int) -> None:
    """Serve ``kg`` at http://host:port/ until Ctrl-C; the search index is built before the first request."""
    import uvicorn

    app = create_app(kg, settings)
    kg.index()
    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", access_log=False, server_header=False, timeout_graceful_shutdown=5
    )
    server = uvicorn.Server(config)
    shown = f"[{host}]" if ":" in host else host
    print(
        f"hipskg serve: http://{shown}:{port}/ (store {kg.store.spec}; public base {settings.base_url}); Ctrl-C stops",
        file=sys.stderr,
        flush=True,
    )
    server.run()
    if not server.started:
        raise ServeError(f"could not listen on {host}:{port}: is another server using the port? give --port")
