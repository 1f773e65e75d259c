"""The one error type every step raises for a failure its user can fix, and how the CLI reports it.

A :class:`HipskgError` carries a one-line message that names the file, line, node or parameter
and the fix; the command prints it and exits with the error's status (2 unless a subclass says
otherwise). Anything else that escapes a command is a defect of hipskg: the command prints one
line and exits 70 (EX_SOFTWARE), or shows the traceback with ``--debug``.
"""

import re

EXIT_BAD_INPUT = 2
EXIT_SOFTWARE = 70  # sysexits.h EX_SOFTWARE: an internal error, never "does not conform" (1)

_USERINFO = re.compile(r"(?<=://)[^/@\s]+@")


class HipskgError(Exception):
    """A failure the user can fix; the message is one line and says how."""

    exit_status = EXIT_BAD_INPUT


def redacted(text: str) -> str:
    """``text`` with the user name and password of every URL in it replaced by ``***``."""
    return _USERINFO.sub("***@", text)


def one_line(text: str) -> str:
    """A message on one line, credentials redacted: a message may quote a parser or a server."""
    return redacted(re.sub(r"\s*[\r\n]+\s*", " ", text)).strip()
