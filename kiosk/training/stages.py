"""What a trainer prepares before a scenario's customer arrives, as data.

A stage is a plain value (it crosses the wire): the embedded kiosk runs it on
its own bank; a kiosk on `--bank` asks the bank's training desk, which makes
the books' side and hands back the files the customer "brings" (certificates
on the hard disk or USB stick) for the kiosk to put on its own media."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.people import demo_customers
from kiosk.people.demo_customers import DEMO_PASSWORD, DEMO_PIN
from kiosk.terminal.media import MediaBay, Medium
from kiosk.training.other_banks import OTHER_BANKS as OTHER_BANKS

if TYPE_CHECKING:
    from kiosk.bankside.bank import Bank
    from kiosk.terminal.link import KioskLink
    from kiosk.training.staging import MadeCertificate


@dataclass(frozen=True)
class StageSpec:
    kind: str = "none"  # none | own | brought | cloud | phone
    owner: str = "김민준"
    product: str = ""  # product code
    days_ago: int = 0
    encoding: str = "seedCBCWithSHA1"
    registered: bool = False  # brought, cloud from another bank: already registered here
    locked: bool = False  # cloud: locked by five wrong PINs
    bank: str = ""  # cloud: the other bank that issued it (its DN code; "": this bank)
    # A scripted call from this number reaches the owner's phone just before the
    # customer arrives (the scam-call lesson: kiosk/training/scam_call.py).
    call: str = ""


NOTHING = StageSpec()


def own(days_ago: int, product: str = "general-yessign") -> StageSpec:
    """A certificate of 김민준's from this bank, `days_ago` days old, on the hard disk."""
    return StageSpec("own", product=product, days_ago=days_ago)


def brought(
    owner: str,
    product: str,
    *,
    days_ago: int = 30,
    encoding: str = "seedCBCWithSHA1",
    registered: bool = False,
) -> StageSpec:
    """A certificate `owner` got at another institution, on the USB stick they bring."""
    return StageSpec(
        "brought",
        owner=owner,
        product=product,
        days_ago=days_ago,
        encoding=encoding,
        registered=registered,
    )


def in_cloud(
    days_ago: int, *, locked: bool = False, bank: str = "", registered: bool = False
) -> StageSpec:
    """김민준 got a 금융인증서 `days_ago` days ago (PIN DEMO_PIN); optionally locked since,
    or at another bank (`bank`, and maybe registered here since)."""
    return StageSpec("cloud", days_ago=days_ago, locked=locked, bank=bank, registered=registered)


def run_stage(bank: Bank, spec: StageSpec) -> dict[str, Any]:
    """Prepare `spec` on the embedded bank (books and media); what was made, for the report."""
    report = _run_stage(bank, spec)
    if spec.call:
        from kiosk.training.scam_call import place_call

        place_call(bank, spec.owner, spec.call)
        report["call_from"] = spec.call
    return report


def _run_stage(bank: Bank, spec: StageSpec) -> dict[str, Any]:
    from kiosk.certs.products import by_code
    from kiosk.training.staging import (
        lock_cloud_certificate,
        stage_certificate,
        stage_cloud_certificate,
    )

    issued_on = bank.clock.now().date() - dt.timedelta(days=spec.days_ago)
    if spec.kind == "own":
        old = stage_certificate(bank, spec.owner, by_code(spec.product), issued_on, DEMO_PASSWORD)
        return {"old_serial": old.serial, "old_not_after": old.not_after.date().isoformat()}
    if spec.kind == "brought":
        person = demo_customers.find(spec.owner)
        made = _made_for(bank, spec, person, Medium.USB, issued_on)
        if spec.registered:
            customer = bank.registry.find_by_rrn(person.rrn.replace("-", ""))
            assert customer is not None
            der = (made.directory / "signCert.der").read_bytes()
            bank.registrations.register(customer, der)
        return {"old_serial": made.serial, "old_directory": str(made.directory)}
    if spec.kind == "phone":
        # Kept on the customer's phone only (its store beside the media): the kiosk
        # sees it only once it is copied back (휴대폰에서 가져오기).
        from kiosk.certs.phone_store import store_in_bay

        person = demo_customers.find(spec.owner)
        assert person.phone is not None
        made = _made_for(bank, spec, person, Medium.HARD_DISK, issued_on)
        store = store_in_bay(bank.media.base, person.phone[1])
        target = store / made.directory.relative_to(bank.media.root(Medium.HARD_DISK))
        target.parent.mkdir(parents=True, exist_ok=True)
        made.directory.rename(target)
        return {"old_serial": made.serial, "phone_directory": str(target)}
    if spec.kind == "cloud":
        record = stage_cloud_certificate(bank, spec.owner, issued_on, DEMO_PIN, issued_by=spec.bank)
        if spec.bank and spec.registered:
            bank.cloud.register_here(record.customer_id, record.serial)
        if spec.locked:
            lock_cloud_certificate(bank, record.customer_id)
        return {"old_serial": record.serial, "old_not_after": record.not_after.date().isoformat()}
    return {}


@dataclass(frozen=True)
class StagedFiles:
    """A stage run at the bank: its report, and the files for the kiosk's media
    (paths relative to the media bay; a "usb/..." file means the stick is in)."""

    report: list[tuple[str, str]]
    numbers: list[tuple[str, int]]
    files: list[tuple[str, bytes]]


class TrainingDesk:
    """The bank's side of staging for networked kiosks (`kiosk demo --bank`)."""

    def __init__(self, bank: Bank) -> None:
        self._bank = bank

    def stage(self, spec: StageSpec) -> StagedFiles:
        with tempfile.TemporaryDirectory(prefix="kiosk-stage-") as scratch:
            media = MediaBay(Path(scratch))
            report = run_stage(dataclasses.replace(self._bank, media=media), spec)
            files = [
                (str(path.relative_to(media.base)), path.read_bytes())
                for path in sorted(media.base.rglob("*"))
                if path.is_file()
            ]
            texts, numbers = [], []
            for key, value in report.items():
                if isinstance(value, int):
                    numbers.append((key, value))
                elif key.endswith("_directory"):
                    texts.append((key, str(Path(value).relative_to(media.base))))
                else:
                    texts.append((key, str(value)))
        return StagedFiles(texts, numbers, files)


def _made_for(
    bank: Bank,
    spec: StageSpec,
    person: demo_customers.DemoCustomer,
    medium: Medium,
    issued_on: dt.date,
) -> MadeCertificate:
    """`person`'s certificate as another bank issued it, on `medium` (not in the books)."""
    from kiosk.certs.products import by_code
    from kiosk.npki.encodings import KeyEncoding
    from kiosk.training.staging import make_certificate

    return make_certificate(
        bank,
        real_name=person.name,
        rrn_digits=person.rrn.replace("-", ""),
        product=by_code(spec.product),
        medium=medium,
        password=DEMO_PASSWORD,
        encoding=KeyEncoding(spec.encoding),
        issued_on=issued_on,
    )


def stage_remotely(link: KioskLink, spec: StageSpec) -> dict[str, Any]:
    """Ask the bank to stage `spec`; put the files it sends on this kiosk's media."""
    if spec.kind == "none":
        return {}
    staged = link.training.stage(spec)
    base = link.terminal.media.base
    for relative, data in staged.files:
        target = (base / relative).resolve()
        if base.resolve() not in target.parents:
            continue  # only ever inside the media bay
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        target.chmod(0o600)
    report: dict[str, Any] = dict(staged.numbers)
    for key, value in staged.report:
        report[key] = str(base / value) if key.endswith("_directory") else value
    return report
