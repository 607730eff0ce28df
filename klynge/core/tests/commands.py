"""Running `klynge` commands as production does: a process of its own, with its own
environment (settings are read at start-up)."""

import subprocess
import sys


def klynge(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "klynge", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
