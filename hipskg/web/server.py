"""Running the web application: uvicorn on one host and port, until interrupted."""

import signal
import socket
import sys
from typing import TYPE_CHECKING

from hipskg.errors import HipskgError
from hipskg.web.app import Settings, create_app
from hipskg.web.workers import WorkerPool

if TYPE_CHECKING:
    from hipskg.api import KnowledgeGraph


class ServeError(HipskgError):
    """The server could not start (the port is taken, the host unknown)."""


def serve(kg: "KnowledgeGraph", settings: Settings, host: str, port: int) -> None:
    """Serve ``kg`` at http://host:port/ until Ctrl-C. Before the first request: the port is taken, the inferred facts
    computed (a local store), the query workers started over a snapshot (Oxigraph) and the search index built."""
    import uvicorn

    listening = _listening(host, port)
    pool: WorkerPool | None = None
    signal.signal(signal.SIGTERM, _exit)  # uvicorn raises SIGTERM again after its shutdown: let it unwind to the cleanup
    try:
        if kg.store.engine != "endpoint":
            kg.ensure_inferred()  # queries see them by default; a SPARQL server gets them from hipskg push or load
        pool = WorkerPool(kg, settings.limits) if kg.store.engine == "oxigraph" else None
        app = create_app(kg, settings, pool)
        kg.index()
        config = uvicorn.Config(app, log_level="warning", access_log=False, server_header=False, timeout_graceful_shutdown=5)
        print(
            f"hipskg serve: {local_url(host, port)} (store {kg.store.spec}; public base {settings.base_url}); Ctrl-C stops",
            file=sys.stderr,
            flush=True,
        )
        uvicorn.Server(config).run(sockets=[listening])
    finally:
        if pool is not None:
            pool.close()
        listening.close()


def local_url(host: str, port: int) -> str:
    """The URL a server listening on host:port is reached at from this machine (all addresses: by this machine's name)."""
    shown = socket.getfqdn() if host in ("0.0.0.0", "::", "") else host
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def _exit(number: int, frame: object) -> None:
    raise SystemExit(128 + number)


def _listening(host: str, port: int) -> socket.socket:
    """A socket bound to host:port, so that a taken port is said before anything starts."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        listening = socket.socket(family, socket.SOCK_STREAM)
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind((host, port))
    except OSError as error:
        raise ServeError(f"cannot listen on {host}:{port}: {error.strerror or error}; give another --port or --host") from None
    return listening
