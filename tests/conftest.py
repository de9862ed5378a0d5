from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from kiosk.bankside.bank import Bank
from kiosk.core import kdf
from kiosk.core.clock import KST, ManualClock
from tests.premade_keys import PREMADE_KEYS
from tests.settle import BankWaits, settled

settings.register_profile("ci", max_examples=60, deadline=None)
settings.load_profile("ci")

TODAY = dt.datetime(2026, 11, 22, 10, 0, 0, tzinfo=KST)

# Tests stretch hundreds of PINs; they prove the rules around scrypt, not scrypt's
# cost. tests/unit/test_kdf.py pins the production cost.
TEST_SCRYPT_COST = 2**4
kdf.use_cost(TEST_SCRYPT_COST)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "slow: a real PTY, subprocess or browser; deselect with -m 'not slow' for the fast set",
    )
    config.addinivalue_line(
        "markers", "real_keys: generate RSA keys for real instead of taking pre-made ones"
    )


@pytest.fixture(autouse=True, scope="session")
def settle_by_messages() -> Iterator[None]:
    """Pilot key presses and pauses wait for the kiosk's messages, not for an idle CPU."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("textual.app.wait_for_idle", settled)
        patch.setattr("textual.pilot.wait_for_idle", settled)
        yield


@pytest.fixture
def keys_do_not_wait() -> Iterator[None]:
    """Key presses return once the kiosk has handled them, its calls to the bank and
    slow work done or not: for tests of what the kiosk does meanwhile."""
    BankWaits.on = False
    try:
        yield
    finally:
        BankWaits.on = True


@pytest.fixture(autouse=True)
def korean_after_each_test() -> Iterator[None]:
    """The language is process-wide (kiosk.core.i18n): a test that plays a visit or a
    command in English must not leave the next test in the same worker in English."""
    from kiosk.core.i18n import DEFAULT_LANGUAGE, set_easy, set_language
    from kiosk.core.keys import set_key_namer

    yield
    set_language(DEFAULT_LANGUAGE)
    set_easy(False)
    set_key_namer(None)  # a kiosk's keymap (kiosk.toml, the room) is its own too


@pytest.fixture(autouse=True)
def premade_keys(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """RSA-2048 keys from a pool made once per test process (key generation is what
    the key pool and the benchmark measure, not what the flows under test prove)."""
    if request.node.get_closest_marker("real_keys") is None:
        monkeypatch.setattr("kiosk.terminal.keypool.generate_key", PREMADE_KEYS.take)


@pytest.fixture(scope="session")
def data_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory as a kiosk leaves it on first start (CAs, CRLs, demo customers,
    settings), made once per test process and copied for each test."""
    directory = tmp_path_factory.mktemp("data-template") / "data"
    Bank.open(directory, ManualClock(TODAY)).close()
    return directory


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(TODAY)


@pytest.fixture
def data_dir(tmp_path: Path, data_template: Path) -> Path:
    directory = tmp_path / "data"
    shutil.copytree(data_template, directory)
    return directory


@pytest.fixture
def empty_data_dir(tmp_path: Path, data_template: Path) -> Path:
    """A data directory with only the CAs in it: what a first start finds when the
    bank's CAs exist already (tests of first-start behaviour)."""
    directory = tmp_path / "data"
    directory.mkdir()
    shutil.copytree(data_template / "ca", directory / "ca")
    return directory


@pytest.fixture
def bank(data_dir: Path, clock: ManualClock) -> Iterator[Bank]:
    opened = Bank.open(data_dir, clock)
    yield opened
    opened.close()


# --- PostgreSQL (scripts/test.sh starts a server and sets KIOSK_TEST_POSTGRES) -------


def postgres_url() -> str:
    """The test server's URL; outside CI, tests that need it are skipped without one."""
    url = os.environ.get("KIOSK_TEST_POSTGRES", "")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("KIOSK_TEST_POSTGRES is not set: scripts/test.sh starts PostgreSQL")
        pytest.skip("no PostgreSQL server (scripts/test.sh starts one)")
    return url


def fresh_schema(url: str) -> str:
    """A URL whose connections work in a new, empty schema of their own."""
    import psycopg

    name = "t_" + secrets.token_hex(6)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {name}")
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{name}"


def as_role(url: str, role: str) -> str:
    """`url` with another PostgreSQL user (trust authentication on the test server)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{role}@{host}"))


@pytest.fixture
def pg_role() -> Iterator[str]:
    """A role name for `kiosk bank grant-role`; the role is dropped afterwards."""
    import psycopg

    name = "bank_" + secrets.token_hex(4)
    yield name
    with psycopg.connect(postgres_url(), autocommit=True) as admin:
        if admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
            admin.execute(f'DROP OWNED BY "{name}"')
            admin.execute(f'DROP ROLE "{name}"')


@pytest.fixture
def pg_url() -> str:
    return fresh_schema(postgres_url())


def without_books(data_dir: Path) -> None:
    """The data directory of a bank whose books are elsewhere: the template's SQLite
    books go, and the CRLs published from them (their numbers came from those books)."""
    (data_dir / "kiosk.sqlite3").unlink()
    shutil.rmtree(data_dir / "crl")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_bank(request: pytest.FixtureRequest, data_dir: Path, clock: ManualClock) -> Iterator[Bank]:
    """The bank on SQLite (its data directory) and on PostgreSQL (secrets and CAs in
    the data directory, the books in the database)."""
    url = None if request.param == "sqlite" else fresh_schema(postgres_url())
    if url is not None:
        without_books(data_dir)
    opened = Bank.open(data_dir, clock, url)
    yield opened
    opened.close()
