"""Certificate revocation lists as the CAs publish them: signed X.509 CRLs (DER)."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding

from kiosk.certs.products import CLOUD_CA, CaId
from kiosk.core.filelock import exclusive
from kiosk.core.setup import PUBLIC_DIR, PUBLIC_FILE, make_dir
from kiosk.npki.ca import ISSUING_CAS, CaHierarchy
from kiosk.npki.revocation import RevocationReason, RevocationStatus
from kiosk.storage.store import Store


def crl_path(data_dir: Path, ca_id: CaId) -> Path:
    return data_dir / "crl" / f"{ca_id.value}.crl"


def publish(store: Store, cas: CaHierarchy, data_dir: Path, now: dt.datetime) -> None:
    """Write a fresh signed CRL for every issuing CA (called whenever revocation changes).

    Kiosk processes publish concurrently: each CRL number is taken in the same
    transaction that reads the revocations, and a CRL replaces the published one
    only if its number is higher, so the newest CRL on disk always lists every
    revocation committed before it and numbers never go back."""
    directory = data_dir / "crl"
    make_dir(directory, PUBLIC_DIR)  # CRLs are public: relying parties fetch them
    # Counted by a trigger with every revocation; what a start compares (Bank.open).
    made = store.meta("revocations_made") or "0"
    for ca_id in ISSUING_CAS:
        ca = cas.issuer(ca_id)
        with store.transaction() as db:
            row = db.execute(
                "SELECT value FROM meta WHERE key = ?", (f"crl_number:{ca_id.value}",)
            ).fetchone()
            number = (int(row["value"]) if row else 0) + 1
            store.set_meta(f"crl_number:{ca_id.value}", str(number))
            rows = db.execute(
                "SELECT serial, revoked_at, revoke_reason FROM certificates"
                " WHERE ca = ? AND revoked_at IS NOT NULL",
                (ca_id.value,),
            ).fetchall()
            if ca_id is CLOUD_CA:  # 금융인증서 are issued by 금융결제원's CA and share its CRL
                rows += db.execute(
                    "SELECT serial, revoked_at, revoke_reason FROM cloud_certificates"
                    " WHERE revoked_at IS NOT NULL"
                ).fetchall()
            rows.sort(key=lambda row: int(row["serial"]))
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(ca.name)
            .last_update(now)
            .next_update(now + dt.timedelta(days=1))
            .add_extension(x509.CRLNumber(number), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), False
            )
        )
        for row in rows:
            entry = (
                x509.RevokedCertificateBuilder()
                .serial_number(row["serial"])
                .revocation_date(dt.datetime.fromisoformat(row["revoked_at"]))
                .add_extension(
                    x509.CRLReason(x509.ReasonFlags(row["revoke_reason"])), critical=False
                )
                .build()
            )
            builder = builder.add_revoked_certificate(entry)
        crl = builder.sign(ca.key, hashes.SHA256())
        _replace_if_newer(crl_path(data_dir, ca_id), crl.public_bytes(Encoding.DER), number)
    store.set_meta("revocations_published", made)


def _replace_if_newer(target: Path, der: bytes, number: int) -> None:
    with exclusive(target.parent / ".publish.lock"):
        if number <= (published_number(target) or 0):
            return  # a later CRL is out already
        staging = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PUBLIC_FILE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(der)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(staging, target)


def published_number(path: Path) -> int | None:
    """The CRL number of the CRL published at `path`, if there is a readable one."""
    try:
        crl = x509.load_der_x509_crl(path.read_bytes())
        return crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    except (OSError, ValueError, x509.ExtensionNotFound):
        return None


def status_from_crls(data_dir: Path, certificate: x509.Certificate) -> RevocationStatus | None:
    """Look the certificate up in the published CRL of its issuer, as a relying party does.

    None when no CRL of that issuer is published here (another institution's certificate)."""
    directory = data_dir / "crl"
    if not directory.is_dir():
        return None
    for path in sorted(directory.glob("*.crl")):
        try:
            crl = x509.load_der_x509_crl(path.read_bytes())
        except ValueError:
            continue
        if crl.issuer != certificate.issuer:
            continue
        entry = crl.get_revoked_certificate_by_serial_number(certificate.serial_number)
        if entry is None:
            return RevocationStatus(revoked=False)
        try:
            flag = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
            reason = RevocationReason(flag.value)
        except (x509.ExtensionNotFound, ValueError):
            reason = RevocationReason.UNSPECIFIED
        return RevocationStatus(True, reason, entry.revocation_date_utc)
    return None
