"""Bank-side issuance through HTTP: how many certificates `kiosk bank serve` signs per
second, at 1, 4 and 16 requests at once, on SQLite and on PostgreSQL.

Everything a kiosk does before 확인 is prepared beforehand (visits with their
checks passed, 인가코드, key pairs and PKCS#10 requests); what is timed is what the
bank does at 확인: verify the request, sign, record (sign_certificate) and take the
delivery (certificate_delivered). The baseline is the cheapest call the bank
answers (its clock) at the same concurrency, measured in the same run."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

CONCURRENCY = (1, 4, 16)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _postgres_url() -> str:
    url = os.environ.get("KIOSK_TEST_POSTGRES")
    if url:
        return url
    started = subprocess.run(  # noqa: S603 - the project's own script
        ["/bin/bash", str(ROOT / "scripts" / "postgres.sh"), "start"],
        capture_output=True,
        text=True,
        check=True,
    )
    return started.stdout.strip().splitlines()[-1]


def _fresh_schema(url: str) -> str:
    import secrets

    import psycopg

    name = "bench_" + secrets.token_hex(4)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {name}")
    return f"{url}?options=-csearch_path%3D{name}"


def _customers(store: Any, count: int) -> list[tuple[int, str]]:
    """`count` customers of the bank's own (id, resident number): 신규 발급 is one
    certificate of a product per customer (#19), so each timed issuance is another's."""
    from kiosk.people.rrn import check_digit, mask

    made = []
    with store.transaction() as db:
        for number in range(count):
            digits12 = f"8503151{number:05d}"
            digits = digits12 + str(check_digit(digits12))
            customer_id = db.execute(
                "INSERT INTO customers (name, rrn_hash, rrn_masked) VALUES (?, ?, ?) RETURNING id",
                (f"벤치{number}", store.keyed_hash(digits), mask(digits)),
            ).fetchone()[0]
            made.append((int(customer_id), digits))
    return made


def _prepare(bank_dir: Path, db_url: str | None, count: int) -> tuple[str, list[tuple[str, Any]]]:
    """A kiosk token, and `count` visits ready for 확인, each of its own customer:
    identity, consent and OTP recorded as passed, a 인가코드, and the request for a
    fresh key carrying it."""
    from kiosk.bankside.bank import Bank
    from kiosk.bankside.kiosk_tokens import KioskTokens
    from kiosk.bankside.service import BankService
    from kiosk.bankside.signing import CertificateOrder
    from kiosk.bankside.visits import Proof
    from kiosk.core.clock import ShiftedClock
    from kiosk.npki import keyfile
    from kiosk.npki import request as csr
    from kiosk.terminal.keypool import generate_key
    from kiosk.visit.flows import Service

    bank = Bank.open(bank_dir, ShiftedClock(), db_url)
    try:
        token = KioskTokens(bank.store, bank.clock).add("bench")
        service = BankService(bank)
        keys = [generate_key() for _ in range(8)]  # requests need their own keys only as proof
        prepared = []
        for number, (customer_id, rrn) in enumerate(_customers(bank.store, count)):
            visit = service.open_visit(Service.ISSUE)
            service.visits.prove(visit, Proof.ID_DOCUMENT, customer_id)
            service.agree_terms(visit)  # 약관·개인정보 동의, which issuance needs (#19)
            service.visits.prove(visit, Proof.OTP, customer_id)
            code = service.authorize_issue(visit)
            order = CertificateOrder(
                product_code="bank",
                csr=csr.build(keys[number % len(keys)], code),
                random_num=keyfile.new_random_num(),
                rrn_text=rrn,
                medium="hdd",
                key_encoding="seedCBCWithSHA1",
            )
            prepared.append((visit, order))
    finally:
        bank.close()
    return token, prepared


def _serve(bank_dir: Path, db_url: str | None, processes: int) -> tuple[list[str], list[Any]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ports = [_free_port() for _ in range(processes)]
    servers = []
    for port in ports:
        argv = [sys.executable, "-m", "kiosk_cli", "bank", "serve", "--data-dir", str(bank_dir)]
        argv += ["--port", str(port)] + (["--db", db_url] if db_url else [])
        servers.append(
            subprocess.Popen(  # noqa: S603 - this interpreter, the project's own command
                argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        )
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    for url in urls:
        for _ in range(400):
            try:
                with urllib.request.urlopen(url + "/pki/", timeout=1):  # noqa: S310 - local
                    break
            except OSError:
                time.sleep(0.05)
    return urls, servers


def _run(
    workers: int, jobs: list[Any], call: Callable[[int, Any], None]
) -> tuple[float, list[float]]:
    """Run `call(worker, job)` for every job on `workers` threads; wall time, latencies."""
    latencies: list[float] = []
    lock = threading.Lock()
    queue = list(reversed(jobs))

    def worker(number: int) -> None:
        while True:
            with lock:
                if not queue:
                    return
                job = queue.pop()
            start = time.perf_counter()
            call(number, job)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start, latencies


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _calls(
    clients: list[Any],
) -> tuple[Callable[[int, Any], None], Callable[[int, Any], None]]:
    """What each worker does per job: issue (the timed part of 확인), or read the
    bank's clock (the baseline); workers spread over the bank processes."""

    def issue(worker: int, job: Any) -> None:
        client = clients[worker % len(clients)]
        visit, order = job
        signed = client.sign_certificate(visit, order)
        client.certificate_delivered(visit, signed.serial, "/bench")

    def clock(worker: int, job: Any) -> None:
        clients[worker % len(clients)].now()

    return issue, clock


def bench_bank_issuance(per_level: int) -> list[dict[str, Any]]:
    from kiosk.bankside.http_client import RemoteService
    from kiosk.bankside.service import BankService

    results = []
    for database in ("sqlite", "postgresql"):
        with tempfile.TemporaryDirectory() as scratch:
            bank_dir = Path(scratch) / "bank"
            db_url = None if database == "sqlite" else _fresh_schema(_postgres_url())
            token, prepared = _prepare(bank_dir, db_url, per_level * len(CONCURRENCY))
            # One bank process on SQLite (one writer at a time anyway); two on
            # PostgreSQL, as a fleet would run them on this 2-core machine.
            urls, servers = _serve(bank_dir, db_url, 1 if database == "sqlite" else 2)
            try:
                clients = [RemoteService(url, token, "bank", BankService) for url in urls]
                issue, clock = _calls(clients)
                rates = {}
                for level_index, workers in enumerate(CONCURRENCY):
                    jobs = prepared[level_index * per_level : (level_index + 1) * per_level]
                    _, base = _run(workers, list(range(per_level)), clock)
                    wall, latencies = _run(workers, jobs, issue)
                    rate = len(jobs) / wall
                    rates[workers] = rate
                    p50, base_p50 = statistics.median(latencies), statistics.median(base)
                    goal = database == "postgresql" and workers == 16
                    results.append(
                        {
                            "name": f"bank issuance over HTTP, {database}, concurrency {workers}",
                            "baseline": "the bank's clock over HTTP, same concurrency",
                            "baseline_seconds": base_p50,
                            "seconds": p50,
                            "ratio": p50 / base_p50,
                            "p95_seconds": _percentile(latencies, 0.95),
                            "per_second": rate,
                            "goal": "≥ 150/s" if goal else "-",
                            "goal_ratio": None,
                            "goal_met": rate >= 150 if goal else None,
                        }
                    )
                results.append(
                    {
                        "name": f"bank issuance over HTTP, {database}: 16 at once vs 1",
                        "baseline": "issuances per second at concurrency 1",
                        "baseline_seconds": 1 / rates[1],
                        "seconds": 1 / rates[16],
                        "ratio": rates[16] / rates[1],
                        "goal": "where it saturates",
                        "goal_ratio": None,
                    }
                )
            finally:
                for server in servers:
                    server.terminate()
                    server.wait(30)
    return results
