"""The user's cache folder: answers worth keeping between commands, each a pure function of its inputs.

Everything here is an optimisation: a cache that cannot be read or written is ignored, never an
error, and a stale entry cannot be served, because every key includes the inputs and the code that
computed the answer. The folder is ``$HIPSKG_CACHE``, else ``$XDG_CACHE_HOME/hipskg``, else
``~/.cache/hipskg``; deleting it only costs time.
"""

import functools
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

Result = TypeVar("Result")


def folder() -> Path | None:
    """The cache folder, or None when there is no home to put it in."""
    if os.environ.get("HIPSKG_CACHE"):
        return Path(os.environ["HIPSKG_CACHE"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "hipskg"
    try:
        return Path.home() / ".cache" / "hipskg"
    except RuntimeError:  # no home directory
        return None


@functools.cache
def _code_token(source_file: str) -> str:
    """A digest of the code behind a memoized answer: the function's module, hipskg's SPARQL layer (which every
    analysis parses with) and the versions of the libraries they call, so that changed code never reads old answers."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    for path in sorted({Path(source_file), Path(__file__).with_name("sparql.py")}):
        digest.update(path.read_bytes())
    for package in ("rdflib", "pyparsing", "pyshacl"):
        try:
            digest.update(f"{package} {version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f"{package} none".encode())
    return digest.hexdigest()[:16]


class _Memo:
    """One JSON file of answers by key, read once per process and written back (atomically) when it grew."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._answers: dict[str, Any] | None = None

    def _path(self) -> Path | None:
        base = folder()
        return None if base is None else base / f"{self.name}.json"

    def _load(self) -> dict[str, Any]:
        if self._answers is None:
            path = self._path()
            try:
                self._answers = json.loads(path.read_text(encoding="utf-8")) if path is not None else {}
            except (OSError, ValueError):
                self._answers = {}
        return self._answers  # type: ignore[return-value]

    def get(self, key: str) -> tuple[bool, Any]:
        answers = self._load()
        return (key in answers, answers.get(key))

    def put(self, key: str, value: Any) -> None:
        answers = self._load()
        answers[key] = value
        path = self._path()
        if path is None:
            return
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(answers, sort_keys=True), encoding="utf-8")
            os.replace(temporary, path)
        except OSError:
            temporary.unlink(missing_ok=True)


def memoized(name: str) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """Keep the function's answers (JSON values of hashable, ``repr``-stable arguments) in the cache file ``name``."""
    memo = _Memo(name)

    def decorate(function: Callable[..., Result]) -> Callable[..., Result]:
        source = function.__code__.co_filename

        @functools.wraps(function)
        def cached(*args: Any) -> Result:
            key = hashlib.sha256(f"{function.__qualname__}\0{_code_token(source)}\0{args!r}".encode()).hexdigest()
            found, value = memo.get(key)
            if found:
                return value
            value = function(*args)
            memo.put(key, value)
            return value

        return cached

    return decorate
