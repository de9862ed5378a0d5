"""Run a terminal program on a real pseudo-terminal and watch what it draws."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import time
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


class PtyProcess:
    def __init__(
        self,
        argv: list[str],
        cwd: Path,
        size: tuple[int, int] = (80, 24),
        environment: dict[str, str] | None = None,
    ) -> None:
        """`environment`: the program's environment (default: this process's)."""
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        base = os.environ if environment is None else environment
        env = dict(base, TERM="xterm-256color", COLUMNS=str(size[0]), LINES=str(size[1]))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(  # noqa: S603 - argv is built by the benchmark itself
            argv, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, start_new_session=True
        )
        os.close(slave)
        self.output = bytearray()

    def pump(self, seconds: float) -> None:
        """Read what the program draws for `seconds`, so it never blocks on a full pipe."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            ready, _, _ = select.select([self.master], [], [], min(left, 0.05))
            if ready:
                try:
                    self.output.extend(os.read(self.master, 65536))
                except OSError:
                    return

    def wait_for(self, marker: str, timeout: float = 30.0) -> float:
        """Seconds from start until `marker` has been drawn."""
        wanted = marker.encode("utf-8")
        deadline = time.perf_counter() + timeout
        while wanted not in self.output:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{marker!r} never appeared")
            self.pump(0.01)
        return time.perf_counter() - self.started

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime

    def rss_bytes(self) -> int:
        pages = Path(f"/proc/{self.process.pid}/statm").read_text().split()[1]
        return int(pages) * PAGE_SIZE

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        os.close(self.master)
