"""인증서 관리 on the files: details, password change, copy and delete, whole or not at all."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from pypinksign import PinkSign

from kiosk.bankside.bank import Bank
from kiosk.certs import cert_files
from kiosk.certs.cert_files import CopyExists
from kiosk.certs.found_certs import FoundCertificate, scan
from kiosk.certs.products import BANK_USE
from kiosk.certs.records import PasswordAttempts
from kiosk.core.refusal import Refused
from kiosk.npki import keyfile, layout
from kiosk.npki.encodings import KeyEncoding
from kiosk.terminal.media import Medium
from kiosk.training.staging import stage_certificate

PASSWORD = "Kiosk!2026pw"
NEW = "Changed#2026pw"


def _on_disk(bank: Bank) -> FoundCertificate:
    stage_certificate(
        bank, "김민준", BANK_USE, bank.clock.now().date() - dt.timedelta(days=30), PASSWORD
    )
    [found] = scan(bank.media)
    return found


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_details_list_what_cert_show_prints(bank: Bank) -> None:
    found = _on_disk(bank)
    rows = {d.label: d.value for d in cert_files.details(found, bank.clock.now(), bank.data_dir)}
    assert rows["소유자"] == "김민준" and rows["발급기관"] == "금융결제원"
    assert rows["상태"] == "정상" and rows["일련번호"] == str(found.info.serial)
    assert rows["개인키 암호화"] == "seedCBCWithSHA1" and rows["저장위치"] == "하드디스크"


@pytest.mark.parametrize("encoding", list(KeyEncoding))
def test_new_password_opens_the_key_in_pypinksign_and_the_old_one_does_not(
    bank: Bank, encoding: KeyEncoding
) -> None:
    bank.config = type(bank.config)(new_issue_encoding=encoding, renewal_encoding=encoding)
    found = _on_disk(bank)
    before = keyfile.decrypt_key(found.info.key_path().read_bytes(), PASSWORD)
    cert_before = (found.info.directory / "signCert.der").read_bytes()
    cert_files.change_password(found, PASSWORD, NEW, NEW, PasswordAttempts())
    after = keyfile.decrypt_key(found.info.key_path().read_bytes(), NEW)
    assert after.encoding is encoding and after.random_num == before.random_num
    assert (found.info.directory / "signCert.der").read_bytes() == cert_before
    assert found.info.vid_matches("8503151234566", after.random_num)
    with pytest.raises(keyfile.WrongPassword):
        keyfile.decrypt_key(found.info.key_path().read_bytes(), PASSWORD)
    if encoding is KeyEncoding.SEED_CBC_WITH_SHA1:  # PyPinkSign's writer and reader
        paths = {
            "pubkey_path": str(found.info.directory / "signCert.der"),
            "prikey_path": str(found.info.key_path()),
        }
        pink = PinkSign(**paths, prikey_password=NEW.encode())
        assert pink.verify(pink.sign(b"new"), b"new")
        with pytest.raises(ValueError):
            PinkSign(**paths, prikey_password=PASSWORD.encode())
    assert os.stat(found.info.key_path()).st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("old", "new", "again", "code"),
    [
        ("Wrong!2026pw", NEW, NEW, "cert_password_wrong"),
        (PASSWORD, "short1!", "short1!", "password_rule"),
        (PASSWORD, NEW, NEW + "x", "password_rule"),
        (PASSWORD, PASSWORD, PASSWORD, "password_unchanged"),
    ],
)
def test_refused_password_changes_leave_the_key_file_as_it_was(
    bank: Bank, old: str, new: str, again: str, code: str
) -> None:
    found = _on_disk(bank)
    before = _files(found.info.directory)
    with pytest.raises(Refused) as caught:
        cert_files.change_password(found, old, new, again, PasswordAttempts())
    assert caught.value.code == code and caught.value.message
    assert _files(found.info.directory) == before


def test_a_failed_write_keeps_the_old_key_and_leaves_no_temporary_file(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = _on_disk(bank)
    before = _files(found.info.directory)

    def medium_gone(*_args: object) -> None:
        raise OSError("medium removed")

    monkeypatch.setattr(cert_files.os, "replace", medium_gone)
    with pytest.raises(Refused) as caught:
        cert_files.change_password(found, PASSWORD, NEW, NEW, PasswordAttempts())
    assert caught.value.code == "medium_write_failed"
    assert _files(found.info.directory) == before


def test_copy_to_usb_asks_before_overwriting(bank: Bank) -> None:
    found = _on_disk(bank)
    with pytest.raises(Refused) as caught:
        cert_files.copy(found, bank.media, Medium.USB)
    assert caught.value.code == "medium_absent"
    bank.media.insert_usb()
    copied = cert_files.copy(found, bank.media, Medium.USB)
    assert copied.is_relative_to(bank.media.root(Medium.USB))
    assert _files(copied) == _files(found.info.directory)
    with pytest.raises(CopyExists):
        cert_files.copy(found, bank.media, Medium.USB)
    assert cert_files.copy(found, bank.media, Medium.USB, overwrite=True) == copied
    assert len(scan(bank.media)) == 2
    with pytest.raises(Refused):
        cert_files.copy(found, bank.media, Medium.HARD_DISK)


def test_a_usb_pulled_mid_copy_leaves_no_partial_directory(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = _on_disk(bank)
    bank.media.insert_usb()
    real_fsync = os.fsync

    def pull_during_write(fd: int) -> None:
        real_fsync(fd)
        bank.media.pull_usb()  # the customer takes the stick out after the first file
        raise OSError("device removed")

    monkeypatch.setattr(layout.os, "fsync", pull_during_write)
    with pytest.raises(Refused) as caught:
        cert_files.copy(found, bank.media, Medium.USB)
    assert caught.value.code == "medium_write_failed"
    monkeypatch.undo()
    bank.media.insert_usb()
    # Ten minutes on (a younger staging directory may be another write still in
    # progress), the stick put back in is swept of the hidden leftover.
    monkeypatch.setattr(layout, "STAGING_LEFTOVER_SECONDS", 0)
    bank.media.sweep_leftovers(Medium.USB)
    assert [f.medium for f in scan(bank.media)] == [Medium.HARD_DISK]
    usb_user = bank.media.root(Medium.USB) / "NPKI" / "yessign" / "USER"
    assert not usb_user.exists() or list(usb_user.iterdir()) == []


def test_delete_removes_the_files_but_does_not_revoke(bank: Bank) -> None:
    found = _on_disk(bank)
    cert_files.delete(found)
    assert scan(bank.media) == []
    assert not found.info.directory.exists()
    record = bank.certificates.get(found.info.serial)
    assert record is not None and not record.revoked


def test_a_half_written_key_left_by_a_pulled_stick_is_swept_at_the_next_start(
    bank: Bank,
) -> None:
    found = _on_disk(bank)
    before = _files(found.info.directory)
    # What a stick pulled between writing and renaming the new key leaves behind.
    partial = found.info.directory / ".signPri.key.1a2b3c4d.tmp"
    partial.write_bytes(b"half")
    assert len(scan(bank.media)) == 1  # not offered as a certificate meanwhile
    bank.media.sweep_leftovers()  # the kiosk starting, or the stick put back in
    [again] = scan(bank.media)
    assert not partial.exists()
    assert _files(again.info.directory) == before
