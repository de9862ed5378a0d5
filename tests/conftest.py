from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from kiosk.bank import Bank
from kiosk.clock import KST, ManualClock
from kiosk.npki.ca import load_or_create

settings.register_profile("ci", max_examples=60, deadline=None)
settings.load_profile("ci")

TODAY = dt.datetime(2026, 11, 22, 10, 0, 0, tzinfo=KST)


@pytest.fixture(scope="session")
def ca_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """CA keys are slow to make: one set per test run, copied into each data dir."""
    directory = tmp_path_factory.mktemp("ca-template") / "ca"
    load_or_create(directory)
    return directory


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(TODAY)


@pytest.fixture
def data_dir(tmp_path: Path, ca_template: Path) -> Path:
    directory = tmp_path / "data"
    directory.mkdir()
    shutil.copytree(ca_template, directory / "ca")
    return directory


@pytest.fixture
def bank(data_dir: Path, clock: ManualClock) -> Iterator[Bank]:
    opened = Bank.open(data_dir, clock)
    yield opened
    opened.close()
