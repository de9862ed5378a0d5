"""Benchmarks of the kiosk, each reported as a ratio to a baseline measured in the same run.

    python benchmarks/run.py [--quick] [--only NAME ...] [--runs N]

Medians of repeated runs; results go to benchmarks/results/latest.json. This is
a script, not a test: timings depend on the machine, ratios much less so."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bank_throughput import bench_bank_issuance  # noqa: E402
from benchmarks.pty_process import PtyProcess  # noqa: E402
from kiosk.bankside.bank import Bank  # noqa: E402
from kiosk.certs.products import BANK_USE  # noqa: E402
from kiosk.core.clock import KST, ManualClock  # noqa: E402
from kiosk.people.rrn import parse  # noqa: E402
from kiosk.terminal.keypool import KeyPool, generate_key  # noqa: E402
from kiosk.terminal.media import Medium  # noqa: E402
from kiosk.visit.flows import Step  # noqa: E402
from screens.app import SCREEN_FOR_STEP, KioskApp  # noqa: E402
from screens.steps.result import ResultScreen  # noqa: E402


def median_seconds(action: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def confirm_to_result(data_dir: Path, prepared: bool) -> float:
    """Seconds from pressing 1 on 확인 until 완료 is on screen, keys prepared or not.
    The visit before 확인 is keyed as a customer keys it (tests/ui/kiosk_keys.py), on
    a copy of `data_dir`: one 은행용 certificate per customer, so each run is new."""
    from tests.ui.kiosk_keys import identify, to_confirm, wait_for

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data_dir, copy)
        bank = Bank.open(copy, ManualClock(dt.datetime(2026, 11, 22, 10, tzinfo=KST)))
        bank.keys = KeyPool(size=1 if prepared else 0)
        elapsed: list[float] = []
        shown: list[float] = []

        class TimedResult(ResultScreen):
            # The moment 완료 is mounted; the pilot itself waits for idle after a key
            # press, which would add its own delay to the measurement.
            def on_mount(self) -> None:
                shown.append(time.perf_counter())

        app = KioskApp(bank)

        async def drive() -> None:
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.press("1")  # 신규 발급
                await wait_for(pilot, Step.IDENTITY)
                await identify(pilot)
                await to_confirm(pilot)
                bank.keys.wait_ready(timeout=30)  # the customer spent a while on the steps
                start = time.perf_counter()
                await pilot.press("1")
                deadline = time.perf_counter() + 60
                while not shown:
                    if time.perf_counter() > deadline:
                        raise RuntimeError(f"완료 never came: {app.screen.query_one('#message')}")
                    await asyncio.sleep(0.002)
                elapsed.append(shown[0] - start)

        SCREEN_FOR_STEP[Step.RESULT] = TimedResult
        try:
            asyncio.run(drive())
        finally:
            SCREEN_FOR_STEP[Step.RESULT] = ResultScreen
            bank.close()
        return elapsed[0]


def bench_issue_step(runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = _initialised_data_dir(Path(tmp))
        # Key generation time varies widely with the primes found; sample it more.
        keygen = median_seconds(generate_key, runs * 4)
        prepared = statistics.median(
            confirm_to_result(data_dir, prepared=True) for _ in range(runs)
        )
        on_demand = statistics.median(
            confirm_to_result(data_dir, prepared=False) for _ in range(runs)
        )
    return {
        "name": "확인 → 완료 (issue step), keys prepared in the background",
        "baseline": "RSA-2048 key generated on demand",
        "baseline_seconds": keygen,
        "seconds": prepared,
        "on_demand_step_seconds": on_demand,
        "ratio_to_on_demand_step": prepared / on_demand,
        "ratio": prepared / keygen,
        "goal": "well under 1.0",
        "goal_ratio": 1.0,
    }


def _initialised_data_dir(tmp: Path) -> Path:
    """A data directory past its first start (CA keys made, customers seeded)."""
    data_dir = tmp / "data"
    Bank.open(data_dir, ManualClock(dt.datetime(2026, 11, 22, 10, tzinfo=KST))).close()
    return data_dir


KIOSK_HOME_MARKER = "업무를 선택해"
# The home screen counts as drawn with its key bar too (its last line): a title
# drawn early, the rest of the screen later, would not be a home screen drawn.
KIOSK_HOME_MARKERS = (KIOSK_HOME_MARKER, "직원 호출")
BARE_MARKER = "bare textual app ready"


def _kiosk_argv(data_dir: Path) -> list[str]:
    return [sys.executable, "-m", "kiosk_cli", "--data-dir", str(data_dir)]


def _bare_argv() -> list[str]:
    return [sys.executable, str(ROOT / "benchmarks" / "bare_app.py")]


def _time_to_first_screen(
    argv: list[str], markers: str | tuple[str, ...], environment: dict[str, str] | None = None
) -> float:
    """Seconds until every one of `markers` has been drawn."""
    process = PtyProcess(argv, cwd=ROOT, environment=environment)
    try:
        wanted = (markers,) if isinstance(markers, str) else markers
        return max(process.wait_for(marker) for marker in wanted)
    finally:
        process.stop()


def _with_bytecode(pycache: Path) -> dict[str, str]:
    """This environment, with compiled bytecode kept in `pycache`: an installed
    kiosk has its modules compiled (as Textual's are, in site-packages), while
    an environment with PYTHONDONTWRITEBYTECODE and a fresh checkout would
    compile the kiosk's ~70 modules from source at every start, and only the
    kiosk's (the bare app's are all in site-packages)."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPYCACHEPREFIX"] = str(pycache)
    return environment


def bench_cold_start(runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = _initialised_data_dir(Path(tmp))
        environment = _with_bytecode(Path(tmp) / "pycache")
        # Untimed first starts: bytecode written for both, and the kiosk's CRLs
        # (due on the data directory's older date) published.
        _time_to_first_screen(_kiosk_argv(data_dir), KIOSK_HOME_MARKERS, environment)
        _time_to_first_screen(_bare_argv(), BARE_MARKER, environment)
        kiosk, bare = [], []
        for _ in range(runs):  # interleaved, so both see the same machine load
            kiosk.append(
                _time_to_first_screen(_kiosk_argv(data_dir), KIOSK_HOME_MARKERS, environment)
            )
            bare.append(_time_to_first_screen(_bare_argv(), BARE_MARKER, environment))
    seconds, baseline = statistics.median(kiosk), statistics.median(bare)
    return {
        "name": "cold start to the home screen (real PTY, 80×24)",
        "baseline": "bare Textual app showing one line",
        "baseline_seconds": baseline,
        "seconds": seconds,
        "ratio": seconds / baseline,
        # Each start beside the baseline's next to it: how much one pair moves
        # on a shared machine, beside the ratio of the medians above.
        "samples_seconds": kiosk,
        "baseline_samples_seconds": bare,
        "goal": "≤ 1.3",  # issue #16: nothing heavy before the first service
        "goal_ratio": 1.3,
    }


def _idle(argv: list[str], marker: str, seconds: float) -> tuple[float, int]:
    process = PtyProcess(argv, cwd=ROOT)
    try:
        process.wait_for(marker)
        process.pump(1.0)  # let start-up work settle
        before = process.cpu_seconds()
        process.pump(seconds)
        return (process.cpu_seconds() - before) / seconds, process.rss_bytes()
    finally:
        process.stop()


def bench_idle(seconds: float) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = _initialised_data_dir(Path(tmp))
        kiosk_cpu, kiosk_rss = _idle(_kiosk_argv(data_dir), KIOSK_HOME_MARKER, seconds)
        bare_cpu, bare_rss = _idle(_bare_argv(), BARE_MARKER, seconds)
    return [
        {
            "name": f"CPU while idle on the home screen for {seconds:.0f} s",
            "baseline": "one core",
            "baseline_seconds": 1.0,
            "seconds": kiosk_cpu,
            "ratio": kiosk_cpu,
            "note": f"bare Textual app: {bare_cpu * 100:.2f} % of a core",
            "goal": "≤ 0.02 (2 % of one core)",
            "goal_ratio": 0.02,
        },
        {
            "name": "resident memory on the home screen",
            "baseline": "bare Textual app showing one line",
            "baseline_bytes": bare_rss,
            "bytes": kiosk_rss,
            "ratio": kiosk_rss / bare_rss,
            "goal": "≤ 1.5",
            "goal_ratio": 1.5,
        },
    ]


def bench_open_certificate(runs: int) -> dict[str, Any]:
    from pypinksign import PinkSign

    from kiosk.certs.issuance import IssueRequest, issue
    from kiosk.npki import reader

    password = "Kiosk!2026pw"  # noqa: S105 - the demo password
    with tempfile.TemporaryDirectory() as tmp:
        bank = Bank.open(Path(tmp), ManualClock(dt.datetime(2026, 11, 22, 10, tzinfo=KST)))
        customer = bank.registry.find_by_rrn("8503151234566")
        assert customer is not None
        rrn = parse("850315-1234566", bank.clock.now().date())
        request = IssueRequest(customer, rrn, BANK_USE, Medium.HARD_DISK, password)
        directory = issue(request, bank=bank).directory
        bank.close()

        def ours() -> None:
            info = reader.load(directory)
            assert info.key_matches(info.open_key(password).key)

        def theirs() -> None:
            PinkSign(
                pubkey_path=str(directory / "signCert.der"),
                prikey_path=str(directory / "signPri.key"),
                prikey_password=password.encode(),
            )

        ours_s, theirs_s = median_seconds(ours, runs * 4), median_seconds(theirs, runs * 4)
    return {
        "name": "open an NPKI certificate with its password (seedCBCWithSHA1)",
        "baseline": "PyPinkSign opening the same files",
        "baseline_seconds": theirs_s,
        "seconds": ours_s,
        "ratio": ours_s / theirs_s,
        "goal": "≤ 1.0",
        "goal_ratio": 1.0,
    }


def bench_demo(runs: int) -> dict[str, Any]:
    import shutil
    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        template = _initialised_data_dir(Path(tmp))
        demo, bare = [], []
        for index in range(runs):
            data_dir = Path(tmp) / f"run{index}"
            shutil.copytree(template, data_dir)
            start = time.perf_counter()
            subprocess.run(  # noqa: S603 - our own command line
                [
                    *_kiosk_argv(data_dir)[:3],
                    "demo",
                    "issue-general-yessign",
                    "--headless",
                    "--data-dir",
                    str(data_dir),
                ],
                check=True,
                capture_output=True,
            )
            demo.append(time.perf_counter() - start)
            bare.append(_time_to_first_screen(_bare_argv(), BARE_MARKER))
    seconds, baseline = statistics.median(demo), statistics.median(bare)
    return {
        "name": "whole `kiosk demo issue-general-yessign --headless` run",
        "baseline": "bare Textual app cold start",
        "baseline_seconds": baseline,
        "seconds": seconds,
        "ratio": seconds / baseline,
        "goal": "reported (about 45 key presses through the real UI)",
        "goal_ratio": None,
    }


def _line(result: dict[str, Any]) -> str:
    if "bytes" in result:
        value = f"{result['bytes'] / 2**20:.1f} MiB vs {result['baseline_bytes'] / 2**20:.1f} MiB"
    elif result["baseline"] == "one core":
        value = f"{result['seconds'] * 100:.2f} % of one core ({result.get('note', '')})"
    else:
        value = f"{result['seconds'] * 1000:.1f} ms vs {result['baseline_seconds'] * 1000:.1f} ms"
    if "per_second" in result:
        value += f", {result['per_second']:.0f}/s, p95 {result['p95_seconds'] * 1000:.1f} ms"
    if "samples_seconds" in result:
        pairs = [
            ours / theirs
            for ours, theirs in zip(
                result["samples_seconds"], result["baseline_samples_seconds"], strict=True
            )
        ]
        value += f" (pairs {min(pairs):.2f}–{max(pairs):.2f})"
    verdict = ""
    if result.get("goal_met") is not None:
        verdict = "  ✓" if result["goal_met"] else "  ✗ under goal"
    if result.get("goal_ratio") is not None:
        verdict = "  ✓" if result["ratio"] <= result["goal_ratio"] else "  ✗ over goal"
    return (
        f"{result['name']}\n    {value} [{result['baseline']}]"
        f"\n    ratio {result['ratio']:.2f}  goal {result['goal']}{verdict}"
    )


BENCHMARKS = ("cold", "issue", "open", "idle", "demo", "bank")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs (a smoke check)")
    parser.add_argument(
        "--only",
        choices=BENCHMARKS,
        action="append",
        help="run only this measurement (repeatable); the others are left out of the results",
    )
    parser.add_argument("--runs", type=int, help="repetitions of the short measurements")
    args = parser.parse_args()
    runs = args.runs or (3 if args.quick else 15)
    idle_seconds = 5.0 if args.quick else 30.0
    chosen = set(args.only or BENCHMARKS)
    results: list[dict[str, Any]] = []
    if "cold" in chosen:
        results.append(bench_cold_start(runs))
    if "issue" in chosen:
        results.append(bench_issue_step(runs))
    if "open" in chosen:
        results.append(bench_open_certificate(runs))
    if "idle" in chosen:
        results.extend(bench_idle(idle_seconds))
    if "demo" in chosen:
        results.append(bench_demo(max(2, runs // 5)))
    if "bank" in chosen:
        results.extend(bench_bank_issuance(40 if args.quick else 160))
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}"
    )
    print(f"machine: {machine}; medians of repeated runs ({runs} for the short ones)")
    for result in results:
        print(_line(result))
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    # A partial run (--only) keeps the full run's file and writes its own.
    name = "latest.json" if args.only is None else f"latest-{'-'.join(sorted(chosen))}.json"
    (out / name).write_text(
        json.dumps(
            {"machine": machine, "runs": runs, "results": results}, ensure_ascii=False, indent=2
        ),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
