"""`kiosk bank serve` as a raw HTTP client meets it: tokens, bad requests, skipped
steps, the public PKI repository. Every answer is JSON; none is a traceback."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from kiosk.bankside import wire
from kiosk.bankside.bank import Bank
from kiosk.bankside.kiosk_tokens import KioskTokens
from kiosk.core.clock import ManualClock
from kiosk.core.i18n import Language, set_language
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.npki import request as csr
from kiosk.terminal.keypool import generate_key
from tests.conftest import TODAY
from tests.fleet.live_bank import LiveBank, live_bank


@pytest.fixture
def live(bank: Bank) -> Iterator[LiveBank]:
    with live_bank(bank) as running:
        yield running


def _send(
    live: LiveBank, path: str, body: bytes | None = None, token: str | None = None
) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        live.url + path, data=body, headers=headers, method="POST" if body is not None else "GET"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, data = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, data = error.code, error.read()
    text = data.decode("utf-8")
    assert "Traceback" not in text
    return status, json.loads(text) if data[:1] in (b"{", b"[") else data


def _call(
    live: LiveBank, operation: str, token: str | None = "", **arguments: Any
) -> tuple[int, Any]:
    return _send(
        live,
        f"/api/bank/{operation}",
        json.dumps(arguments).encode(),
        live.token if token == "" else token,
    )


def test_only_admitted_kiosks_are_answered(live: LiveBank, bank: Bank) -> None:
    assert _call(live, "open_visit", token=None, service="issue")[0] == 401
    assert _call(live, "open_visit", token="made-up", service="issue")[0] == 401
    status, answer = _call(live, "open_visit", service="issue")
    assert status == 200 and isinstance(answer["result"], str)
    KioskTokens(bank.store, bank.clock).remove("test-kiosk")
    status, answer = _call(live, "open_visit", service="issue")
    assert status == 401 and "error" in answer
    refused = [e for e in bank.audit.latest(10) if e.reason == "unknown_kiosk_token"]
    assert len(refused) == 3


def test_the_token_is_kept_only_as_a_hash(live: LiveBank, bank: Bank) -> None:
    assert live.token.encode() not in bank.store.path.read_bytes()
    rows = bank.store.db.execute("SELECT token_hash FROM kiosk_tokens").fetchall()
    assert [len(row[0]) for row in rows] == [64]


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/api/bank/open_visit", b"{not json", 400),
        ("/api/bank/open_visit", b'{"service": "no-such-service"}', 400),
        ("/api/bank/open_visit", b'{"service": 7}', 400),
        ("/api/bank/open_visit", b'{"service": "issue", "extra": 1}', 400),
        ("/api/bank/open_visit", b"[]", 400),
        ("/api/bank/verify_otp", b'{"visit": "x"}', 400),
        ("/api/bank/no_such_operation", b"{}", 404),
        ("/api/bank/_customer", b"{}", 404),
        ("/api/bank/open_visit", b"{" + b" " * 300_000 + b"}", 413),
    ],
)
def test_malformed_requests_get_a_4xx_in_json(
    live: LiveBank, path: str, body: bytes, status: int
) -> None:
    got, answer = _send(live, path, body, live.token)
    assert got == status
    assert isinstance(answer, dict) and "error" in answer


def test_an_unexpected_failure_is_a_500_in_json(
    live: LiveBank, monkeypatch: pytest.MonkeyPatch
) -> None:
    import functools

    from kiosk_cli import bank_server as http_server

    opened = http_server._OPERATIONS["bank"]["open_visit"]
    failed: list[bool] = []

    @functools.wraps(opened)  # the arguments decode as before; the database then fails
    def broken(bank_service: object, /, **arguments: object) -> str:
        failed.append(True)
        raise RuntimeError("the database went away")

    monkeypatch.setitem(http_server._OPERATIONS["bank"], "open_visit", broken)
    status, answer = _call(live, "open_visit", service="issue")
    assert status == 500 and answer == {"error": "internal error"} and failed


def test_a_client_that_skips_extra_authentication_gets_no_certificate(live: LiveBank) -> None:
    """Straight from the identity check to the request, as a modified kiosk would."""
    _, opened = _call(live, "open_visit", service="issue")
    visit = opened["result"]
    claim = {"kind": "주민등록증", "issue_date": "20150610"}
    status, _ = _call(
        live, "verify_identity", visit=visit, name="김민준", rrn_text="8503151234566", claim=claim
    )
    assert status == 200
    status, answer = _call(live, "authorize_issue", visit=visit)
    assert status == 422 and answer["refused"]["code"] == "visit_not_proven"
    order = {
        "product_code": "bank",
        "csr": __import__("base64").b64encode(csr.build(generate_key(), "12345678")).decode(),
        "random_num": "AAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "rrn_text": "8503151234566",
        "medium": "hdd",
        "key_encoding": "seedCBCWithSHA1",
    }
    status, answer = _call(live, "sign_certificate", visit=visit, order=order)
    assert status == 422 and answer["refused"]["code"] == "visit_not_proven"
    assert answer["refused"]["template"]


@pytest.mark.parametrize(
    ("bank_language", "kiosk_language", "shown"),
    [
        ("ko", Language.ENGLISH, "This visit has ended. Please start again."),
        ("en", Language.KOREAN, "이용 시간이 끝났습니다. 처음부터 다시 해 주세요."),
    ],
)
def test_refusals_are_worded_by_the_kiosk_in_its_language(
    live: LiveBank, bank_language: str, kiosk_language: Language, shown: str
) -> None:
    request = urllib.request.Request(
        live.url + "/api/bank/usable_certificates",
        data=b'{"visit": "gone"}',
        headers={"Authorization": f"Bearer {live.token}", "Accept-Language": bank_language},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    answer = json.loads(refused.value.read())["refused"]
    assert answer["code"] == "visit_unknown" and "message" not in answer
    try:
        set_language(kiosk_language)
        again = wire.decode_refusal(answer)
        assert isinstance(again, Refused) and again.code is RefusalCode.VISIT_UNKNOWN
        assert again.message == shown
    finally:
        set_language(Language.KOREAN)


def test_the_pki_repository_is_public_and_verifies(live: LiveBank) -> None:
    status, index = _send(live, "/pki/")
    assert status == 200 and set(index) == {"certificates", "crls"}
    assert "root" in index["certificates"] and "yessign" in index["crls"]
    certificates = {}
    for name, url in index["certificates"].items():
        with urllib.request.urlopen(url, timeout=10) as response:
            certificates[name] = x509.load_der_x509_certificate(response.read())
    root_key = certificates["root"].public_key()
    assert isinstance(root_key, rsa.RSAPublicKey)
    for name, cert in certificates.items():
        if name != "root":
            hash_algorithm = cert.signature_hash_algorithm
            assert hash_algorithm is not None
            root_key.verify(
                cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(), hash_algorithm
            )
    for name, url in index["crls"].items():
        with urllib.request.urlopen(url, timeout=10) as response:
            crl = x509.load_der_x509_crl(response.read())
        issuer_key = certificates[name].public_key()
        assert isinstance(issuer_key, rsa.RSAPublicKey)
        assert crl.is_signature_valid(issuer_key)
    assert _send(live, "/pki/ca/../../kiosk.sqlite3")[0] == 404
    assert _send(live, "/pki/crl/nothing.crl")[0] == 404


def test_kiosks_are_added_and_removed_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk_cli.main import main

    bank_dir = tmp_path / "bank"
    assert main(["bank", "add-kiosk", "--data-dir", str(bank_dir), "강남-1"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert len(token) >= 40
    assert oct(bank_dir.stat().st_mode & 0o777) == "0o700"
    assert main(["bank", "add-kiosk", "--data-dir", str(bank_dir), "강남-1"]) == 2
    assert "이미 등록된" in capsys.readouterr().err
    opened = Bank.open(bank_dir, ManualClock(TODAY))
    try:
        assert KioskTokens(opened.store, opened.clock).kiosk_for(token) == "강남-1"
    finally:
        opened.close()
    assert main(["bank", "remove-kiosk", "--data-dir", str(bank_dir), "강남-1"]) == 0
    assert main(["bank", "remove-kiosk", "--data-dir", str(bank_dir), "강남-1"]) == 2
    opened = Bank.open(bank_dir, ManualClock(TODAY))
    try:
        assert KioskTokens(opened.store, opened.clock).kiosk_for(token) is None
    finally:
        opened.close()


def test_a_networked_kiosk_needs_its_token(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk_cli.main import main

    with pytest.raises(SystemExit) as exited:
        main(["--bank", "http://127.0.0.1:9", "--data-dir", str(tmp_path)])
    assert exited.value.code == 2
    assert "--kiosk-token-file" in capsys.readouterr().err


def test_a_bank_serving_real_kiosks_keeps_the_trainers_tools_closed(bank: Bank) -> None:
    """Without --training, no admitted kiosk may stage certificates into the bank's
    books, move its clock (every kiosk's codes and certificates would expire), or
    read a customer's SMS, OTP or 보안카드 (it could pass 추가인증 for anyone)."""
    before = bank.clock.now()
    with live_bank(bank, "강남-1", training=False) as closed:
        for path, arguments in (
            ("/api/bank/advance_clock", {"seconds": 86400}),
            ("/api/training/stage", {"spec": {}}),
            ("/api/devices/inbox", {"phone": "010-1234-5678"}),
            ("/api/devices/current_otp", {"customer_id": 1}),
            ("/api/devices/card_codes", {"customer_id": 1}),
        ):
            status, body = _send(closed, path, json.dumps(arguments).encode(), closed.token)
            assert status == 422, body
            assert body["refused"]["code"] == RefusalCode.TRAINING_DISABLED.value
        assert bank.clock.now() == before
        refusals = [e for e in bank.audit.latest(5) if e.reason.startswith("training_disabled")]
        assert {e.kiosk_id for e in refusals} == {"강남-1"}
        status, _ = _call(closed, "now")  # the rest of the bank answers as ever
        assert status == 200
