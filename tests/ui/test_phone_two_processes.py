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


CODE = re.compile(rb"(\d{4} \d{4} - \d{4} \d{4})")


async def test_a_certificate_copied_between_the_kiosk_and_kiosk_phone(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """휴대폰으로 내보내기 to `kiosk phone` in its own process (its number read off its
    own terminal), then back with 휴대폰에서 가져오기 (the kiosk's number keyed there);
    the phone's copy opens in PyPinkSign."""
    import asyncio
    import datetime as dt
    import shutil

    from pypinksign import PinkSign

    from kiosk.bankside.bank import Bank
    from kiosk.certs.found_certs import scan
    from kiosk.certs.phone_store import store_root
    from kiosk.certs.products import BANK_USE
    from kiosk.core import kdf
    from kiosk.core.clock import ShiftedClock
    from kiosk.npki import layout
    from kiosk.training.staging import stage_certificate
    from kiosk.visit.flows import Step
    from screens.app import KioskApp
    from tests.ui.kiosk_keys import PASSWORD, screen_text, type_text, wait_for
    from tests.ui.test_manage_flows import open_manage

    # The envelope's key is stretched from the code on both sides: at the cost the
    # phone's process uses, not the cheap one of the test process.
    monkeypatch.setattr(kdf, "_cost", kdf.PRODUCTION_COST)
    # Real time on both sides, as `kiosk phone` keeps it: the number's three minutes
    # are counted by whichever process looks.
    bank = Bank.open(data_dir, ShiftedClock())
    source = stage_certificate(
        bank, "김민준", BANK_USE, bank.clock.now().date() - dt.timedelta(days=30), PASSWORD
    ).directory
    phone = PtyProcess(
        [sys.executable, "-m", "kiosk_cli", "phone", "--data-dir", str(data_dir),
         "--customer", "010-1234-5678"],
        cwd=ROOT,
    )  # fmt: skip
    app = KioskApp(bank)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            phone.wait_for("걸려온 전화 없음", timeout=60)
            await open_manage(pilot, "6")  # 휴대폰으로 내보내기
            await pilot.press("1")
            await type_text(pilot, PASSWORD)
            await pilot.press("enter")
            await wait_for(pilot, Step.PHONE_EXPORT)
            os.write(phone.master, b"\t")  # to the phone's 인증서 field
            phone.pump(0.3)
            os.write(phone.master, b"1\r")  # 인증서 가져오기: the phone shows its number
            deadline = time.monotonic() + 30
            while (found := CODE.search(phone.output)) is None and time.monotonic() < deadline:
                phone.pump(0.05)
            assert found is not None, "the phone never showed an 인증번호"
            await type_text(pilot, found.group(1).decode())
            await pilot.press("enter")
            await wait_for(pilot, Step.RESULT)
            phone.wait_for("인증서를 받았습니다", timeout=30)  # the phone collected it
            copies = layout.find_cert_dirs(store_root(data_dir, "010-1234-5678"))
            assert [copy.name for copy in copies] == [source.name]
            PinkSign(
                pubkey_path=str(copies[0] / "signCert.der"),
                prikey_path=str(copies[0] / "signPri.key"),
                prikey_password=PASSWORD,
            )

            await pilot.press("enter")  # home
            shutil.rmtree(source)  # the kiosk keeps none: only the phone's copy is left
            await pilot.press("7", "7")  # 휴대폰에서 가져오기
            await wait_for(pilot, Step.PHONE_IMPORT)
            await pilot.press("1")  # onto the hard disk
            await wait_for(pilot, Step.PHONE_IMPORT)
            kiosk_code = CODE.search(screen_text(pilot).encode())
            assert kiosk_code is not None
            for keys in (b"2\r", b"1\r", kiosk_code.group(1) + b"\r", PASSWORD.encode() + b"\r"):
                os.write(phone.master, keys)
                phone.pump(0.5)
            phone.wait_for("키오스크로 보냈습니다", timeout=30)
            deadline = time.monotonic() + 30
            while not app.shows(Step.RESULT) and time.monotonic() < deadline:
                await asyncio.sleep(0.1)  # the kiosk looks twice a second by itself
            await wait_for(pilot, Step.RESULT)
            assert "휴대폰의 인증서를 가져왔습니다" in screen_text(pilot)
    finally:
        phone.stop()
        bank.close()
    found_certs = scan(Bank.open(data_dir, ShiftedClock()).media)
    assert [f.info.directory.name for f in found_certs] == [source.name]
