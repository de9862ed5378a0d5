"""Certificate revocation lists as the CAs publish them: signed X.509 CRLs (DER)."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding

from kiosk.certs.products import CLOUD_CA, CaId
from kiosk.core.filelock import exclusive
from kiosk.core.setup import PUBLIC_DIR, PUBLIC_FILE, make_dir
from kiosk.npki import crl_schedule, trust
from kiosk.npki.ca import CaHierarchy, CertificateAuthority
from kiosk.npki.crl_schedule import ARL_FILE, NEXT_UPDATE
from kiosk.npki.revocation import Revocation, RevocationReason, RevocationStatus, Unknown
from kiosk.storage.store import Store


def crl_path(data_dir: Path, ca_id: CaId) -> Path:
    return data_dir / "crl" / f"{ca_id.value}.crl"


def arl_path(data_dir: Path) -> Path:
    return data_dir / "crl" / ARL_FILE


def due(store: Store, data_dir: Path, now: dt.datetime) -> bool:
    return crl_schedule.due(store, data_dir, now)


def publish_if_due(store: Store, cas: CaHierarchy, data_dir: Path, now: dt.datetime) -> bool:
    """Publish when the schedule says so (crl_schedule.due); whether it did."""
    if not due(store, data_dir, now):
        return False
    publish(store, cas, data_dir, now)
    return True


def publish(store: Store, cas: CaHierarchy, data_dir: Path, now: dt.datetime) -> None:
    """Write a fresh signed CRL for every simulated CA, and the root's ARL (called
    whenever revocation changes, and when the published ones are due).

    Kiosk processes publish concurrently: each CRL number is taken in the same
    transaction that reads the revocations, and a CRL replaces the published one
    only if its number is higher, so the newest CRL on disk always lists every
    revocation committed before it and numbers never go back."""
    directory = data_dir / "crl"
    make_dir(directory, PUBLIC_DIR)  # CRLs are public: relying parties fetch them
    # Counted by a trigger with every revocation; what a start compares (Bank.open).
    made = store.meta("revocations_made") or "0"
    for ca_id in CaId:
        ca = cas.issuer(ca_id)
        with store.transaction() as db:
            number = _next_number(store, db, ca_id.value)
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
        builder = _builder(ca, number, now)
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
    with store.transaction() as db:
        number = _next_number(store, db, "root")
    # No simulated CA certificate is ever revoked: the ARL is there so that a
    # relying party checking the whole path (openssl -crl_check_all) finds one.
    arl = _builder(cas.root, number, now).sign(cas.root.key, hashes.SHA256())
    _replace_if_newer(arl_path(data_dir), arl.public_bytes(Encoding.DER), number)
    store.set_meta(crl_schedule.LAST_UPDATE_KEY, now.isoformat())
    store.set_meta(crl_schedule.NEXT_UPDATE_KEY, (now + NEXT_UPDATE).isoformat())
    store.set_meta("revocations_published", made)


def _next_number(store: Store, db: Any, key: str) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (f"crl_number:{key}",)).fetchone()
    number = (int(row["value"]) if row else 0) + 1
    store.set_meta(f"crl_number:{key}", str(number))
    return number


def _builder(
    ca: CertificateAuthority, number: int, now: dt.datetime
) -> x509.CertificateRevocationListBuilder:
    return (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.name)
        .last_update(now)
        .next_update(now + NEXT_UPDATE)
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), False
        )
    )


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


def _held(data_dir: Path) -> list[x509.CertificateRevocationList]:
    directory = data_dir / "crl"
    if not directory.is_dir():
        return []
    held = []
    for path in sorted([*directory.glob("*.crl"), *directory.glob("*.arl")]):
        try:
            data = path.read_bytes()
            if b"-----BEGIN" in data:
                held.append(x509.load_pem_x509_crl(data))
            else:
                held.append(x509.load_der_x509_crl(data))
        except (OSError, ValueError):
            continue
    return held


def _crl_number(crl: x509.CertificateRevocationList) -> int:
    try:
        return crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    except x509.ExtensionNotFound:
        return 0


def revocation(
    data_dir: Path,
    certificate: x509.Certificate,
    now: dt.datetime | None,
    store: trust.TrustStore | None = None,
) -> Revocation:
    """The certificate's status on the CRLs held in `data_dir`, as a relying party
    tells it: only a CRL signed by the certificate's issuer (a CA of `store`) and
    current on `now` is believed; otherwise the status is unknown, and why.
    With `now` None the dates are not looked at (what the newest CRL says)."""
    store = store if store is not None else trust.load(data_dir)
    crls = [crl for crl in _held(data_dir) if crl.issuer == certificate.issuer]
    if not crls:
        return Revocation(None, Unknown.NO_CRL)
    issuers = store.candidates(certificate.issuer)
    if not issuers:
        return Revocation(None, Unknown.CRL_ISSUER_UNKNOWN)
    signed = [crl for crl in crls if any(_signed(crl, issuer) for issuer in issuers)]
    if not signed:
        return Revocation(None, Unknown.CRL_SIGNATURE)
    crl = max(signed, key=_crl_number)
    if now is not None and now < crl.last_update_utc:
        return Revocation(None, Unknown.CRL_NOT_YET_VALID)
    if now is not None and (crl.next_update_utc is None or now > crl.next_update_utc):
        return Revocation(None, Unknown.CRL_EXPIRED)
    entry = crl.get_revoked_certificate_by_serial_number(certificate.serial_number)
    if entry is None:
        return Revocation(RevocationStatus(revoked=False))
    try:
        flag = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
        reason = RevocationReason(flag.value)
    except (x509.ExtensionNotFound, ValueError):
        reason = RevocationReason.UNSPECIFIED
    return Revocation(RevocationStatus(True, reason, entry.revocation_date_utc))


def _signed(crl: x509.CertificateRevocationList, issuer: x509.Certificate) -> bool:
    public = issuer.public_key()
    if not isinstance(public, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
        return False
    return crl.is_signature_valid(public)


def revoked_cas(
    data_dir: Path, store: trust.TrustStore, now: dt.datetime
) -> frozenset[tuple[str, int]]:
    """(issuer DN, serial) of the CA certificates on a believed ARL of an anchor."""
    revoked: set[tuple[str, int]] = set()
    for crl in _held(data_dir):
        anchors = [anchor for anchor in store.anchors if anchor.subject == crl.issuer]
        if not any(_signed(crl, anchor) for anchor in anchors):
            continue
        revoked.update((crl.issuer.rfc4514_string(), entry.serial_number) for entry in crl)
    return frozenset(revoked)


def status_from_crls(data_dir: Path, certificate: x509.Certificate) -> RevocationStatus | None:
    """What the newest believed CRL of the issuer lists, whatever its dates, else None."""
    return revocation(data_dir, certificate, None).status
