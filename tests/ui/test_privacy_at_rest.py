"""What the data directory keeps after a day of visits: no full resident number,
password or PIN anywhere, the database included."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import demo_customers
from kiosk.cli import main
from kiosk.demo_customers import DEMO_PASSWORD, DEMO_PIN

VISITS = ("register-other", "issue-bank", "issue-general-signkorea", "fincert-issue")


def test_no_resident_number_password_or_pin_in_any_file(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for scenario in VISITS:
        assert main(["demo", scenario, "--headless", "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    secrets = [DEMO_PASSWORD, DEMO_PIN]
    for person in demo_customers.DEMO_CUSTOMERS:
        secrets += [person.rrn, person.rrn.replace("-", "")]
    files = [path for path in data_dir.rglob("*") if path.is_file()]
    assert any(path.name == "kiosk.sqlite3" for path in files)
    assert any(path.parent.name == "receipts" for path in files)
    for path in files:
        data = path.read_bytes()
        for secret in secrets:
            for encoded in {secret.encode("utf-8"), secret.encode("utf-16-le")}:
                assert encoded not in data, f"{secret[:4]}… found in {path.relative_to(data_dir)}"
