"""Run ``hipskg ARGS`` and kill it (SIGKILL) just before its N-th change to the file system.

    python -m tests.killed N ARGS...

Every call of os.replace, os.rename, os.unlink, os.rmdir, os.mkdir and os.fsync counts as a change;
N = 0 kills nothing and the process reports on standard error how many changes it made, so a test
can kill it at each of them in turn.
"""

import os
import signal
import sys

from hipskg.cli import main

CHANGES = ("replace", "rename", "unlink", "rmdir", "mkdir", "fsync")


def _killing_at(target: int) -> list[int]:
    made = [0]
    for name in CHANGES:
        real = getattr(os, name)

        def counted(*args: object, _real=real, **options: object) -> object:
            made[0] += 1
            if made[0] == target:
                os.kill(os.getpid(), signal.SIGKILL)
            return _real(*args, **options)

        setattr(os, name, counted)
    return made


if __name__ == "__main__":
    made = _killing_at(int(sys.argv[1]))
    status = main(sys.argv[2:])
    print(f"changes: {made[0]}", file=sys.stderr)
    sys.exit(status)
