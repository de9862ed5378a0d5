"""The kiosk and `kiosk phone` as two processes on one data directory.

The kiosk rings the customer's phone; the digits are keyed on the phone's own
terminal (a real pseudo-terminal), and the kiosk moves on by itself."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.pty_process import PtyProcess

pytestmark = pytest.mark.slow  # two processes


ROOT = Path(__file__).resolve().parents[2]


def test_ars_answered_on_kiosk_phone_in_another_process(data_dir: Path) -> None:
    phone = PtyProcess(
        [
            sys.executable,
            "-m",
            "kiosk_cli",
            "phone",
            "--data-dir",
            str(data_dir),
            "--customer",
            "010-1234-5678",
        ],
        cwd=ROOT,
    )
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "kiosk_cli", "demo", "issue-ars", "--headless", "--phone", "external",
         "--data-dir", str(data_dir)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        phone.wait_for("걸려온 전화 없음", timeout=60)
        assert kiosk.stderr is not None
        digits = None
        deadline = time.monotonic() + 90
        while digits is None and time.monotonic() < deadline:
            line = kiosk.stderr.readline()
            match = re.search(r"ARS 화면의 번호: (\d{2})", line)
            digits = match.group(1) if match else None
        assert digits is not None, "the kiosk never showed an ARS number"
        phone.wait_for("한빛은행 ARS 전화", timeout=30)  # it rings on the phone
        time.sleep(0.3)
        os.write(phone.master, digits.encode() + b"\r")  # the trainee's fingers
        phone.wait_for("인증되었습니다", timeout=30)
        out, _ = kiosk.communicate(timeout=120)
    finally:
        phone.stop()
        if kiosk.poll() is None:
            kiosk.kill()
    report = json.loads(out.strip().splitlines()[-1])
    assert kiosk.returncode == 0, report
    assert report["outcome"] == "issued" and Path(report["directory"], "signCert.der").is_file()
