"""금융인증서: a certificate kept in the bank's cloud and opened with a 6-digit PIN.

One certificate per customer at a time; issued by 금융결제원's CA for three
years; never written to a medium. How the key is kept: kiosk/fincert/vault.py."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding

from kiosk.certs import renewal
from kiosk.certs.products import FINANCIAL
from kiosk.certs.records import Lifetime, revocation_of
from kiosk.core.clock import Clock
from kiosk.core.i18n import Phrase, tr
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.core.setup import make_dir
from kiosk.factors.pin_rules import broken_pin_rules, is_pin_shaped
from kiosk.fincert import vault as vault
from kiosk.npki import certificate as cert_profile
from kiosk.npki import crl, keyfile
from kiosk.npki.certificate import BANK_OU
from kiosk.npki.revocation import RevocationReason
from kiosk.people.customers import Customer
from kiosk.people.rrn import Rrn
from kiosk.storage.store import Store, load_secret
from kiosk.terminal.keypool import KeyPool
from kiosk.visit.flows import Service

if TYPE_CHECKING:
    from kiosk.npki.ca import CaHierarchy

PIN_MAX_FAILURES = 5
NOTICE = "이 인증서는 금융인증서입니다"

# The banks a 금융인증서 in the shared cloud may come from, by their DN code.
BANK_NAMES = {
    BANK_OU: "한빛은행",
    "IBK": "IBK기업은행",
    "KB": "KB국민은행",
    "NH": "NH농협은행",
    "WOORI": "우리은행",
    "HANA": "하나은행",
    "SHINHAN": "신한은행",
}

# The row with the bank it came from and its registration here, if any.
_SELECT = (
    "SELECT c.*, o.bank AS issued_by, r.registered_at AS registered_at"
    " FROM cloud_certificates c"
    " LEFT JOIN cloud_origins o ON o.serial = c.serial"
    " LEFT JOIN cloud_registrations r ON r.serial = c.serial"
)


@dataclass(frozen=True)
class CloudCertificate(Lifetime):
    serial: int
    customer_id: int
    certificate: x509.Certificate
    not_before: dt.datetime
    not_after: dt.datetime
    issued_at: dt.datetime
    pin_failures: int
    pin_locked: bool
    revoked_at: dt.datetime | None
    revoke_reason: RevocationReason | None
    # The bank that issued it ("" this bank) and, if another, when it was
    # registered for use here (금융인증서 타행 이용 등록).
    issued_by: str = ""
    registered_at: dt.datetime | None = None

    @property
    def issued_here(self) -> bool:
        return not self.issued_by

    @property
    def usable_here(self) -> bool:
        """This bank's own, or another bank's registered here."""
        return self.issued_here or self.registered_at is not None

    @property
    def bank_name(self) -> str:
        return tr(BANK_NAMES.get(self.issued_by or BANK_OU, self.issued_by))

    @property
    def subject_dn(self) -> str:
        return self.certificate.subject.rfc4514_string()

    @property
    def issuer_dn(self) -> str:
        return self.certificate.issuer.rfc4514_string()

    @property
    def label(self) -> str:
        return tr(
            "금융인증서 {expires} 만료 · 일련번호 {serial}",
            expires=f"{self.not_after:%Y-%m-%d}",
            serial=self.serial,
        )


@dataclass(frozen=True)
class OpenedCloudCertificate:
    """A 금융인증서 opened with its PIN: the key in memory for this one use."""

    record: CloudCertificate
    key: rsa.RSAPrivateKey = field(repr=False)
    random_num: bytes = field(repr=False)
    data_key: bytes = field(repr=False)


@dataclass(frozen=True)
class _Sealed:
    certificate: x509.Certificate
    sealed_key: bytes
    pin: vault.Wrap
    identity: vault.Wrap


def _row_to_cert(row: sqlite3.Row) -> CloudCertificate:
    revoked_at, reason = revocation_of(dict(row))
    return CloudCertificate(
        serial=int(row["serial"]),
        customer_id=int(row["customer_id"]),
        certificate=x509.load_der_x509_certificate(row["certificate"]),
        not_before=dt.datetime.fromisoformat(row["not_before"]),
        not_after=dt.datetime.fromisoformat(row["not_after"]),
        issued_at=dt.datetime.fromisoformat(row["issued_at"]),
        pin_failures=int(row["pin_failures"]),
        pin_locked=bool(row["pin_locked"]),
        revoked_at=revoked_at,
        revoke_reason=reason,
        issued_by=row["issued_by"] or "",
        registered_at=(
            None
            if row["registered_at"] is None
            else dt.datetime.fromisoformat(row["registered_at"])
        ),
    )


def check_new_pin(pin: str, confirmation: str | None = None) -> None:
    """Refused naming every PIN rule broken (DESIGN §6)."""
    broken = broken_pin_rules(pin, confirmation)
    if broken:
        raise Refused(RefusalCode.PIN_RULE, Phrase.joined(" ", (rule.phrase for rule in broken)))


def _none() -> Refused:
    return Refused(
        RefusalCode.FINCERT_NONE,
        "클라우드에 보관된 금융인증서가 없습니다. 금융인증서 발급을 이용해 주세요.",
    )


def _locked() -> Refused:
    return Refused(
        RefusalCode.PIN_LOCKED,
        "PIN을 {limit}회 잘못 입력하여 금융인증서 사용이 제한되었습니다. "
        "'PIN 재설정'에서 본인확인 후 새 PIN을 설정해 주세요.",
        limit=PIN_MAX_FAILURES,
    )


class CloudCertificates:
    """The bank's 금융인증서 cloud."""

    def __init__(
        self,
        store: Store,
        cas: Callable[[], CaHierarchy],
        data_dir: Path,
        clock: Clock,
        keys: KeyPool,
    ) -> None:
        self.store = store
        self._cas = cas
        self.data_dir = data_dir
        self.clock = clock
        self.keys = keys
        secret_dir = data_dir / "cloud"
        make_dir(secret_dir)
        # A new secret would leave every sealed 금융인증서 unopenable: only for none.
        sealed = store.db.execute("SELECT 1 FROM cloud_certificates LIMIT 1").fetchone()
        self._secret = load_secret(secret_dir / "hsm.secret", may_create=sealed is None)

    # --- looking up -------------------------------------------------------------

    def get(self, serial: int) -> CloudCertificate | None:
        row = self.store.db.execute(_SELECT + " WHERE c.serial = ?", (serial,)).fetchone()
        return None if row is None else _row_to_cert(row)

    def current(self, customer_id: int) -> CloudCertificate | None:
        """The customer's certificate in the cloud (expired included), if any."""
        row = self.store.db.execute(
            _SELECT + " WHERE c.customer_id = ? AND c.revoked_at IS NULL"
            " ORDER BY c.issued_at DESC, c.serial DESC LIMIT 1",
            (customer_id,),
        ).fetchone()
        return None if row is None else _row_to_cert(row)

    def ever_issued(self, customer_id: int) -> bool:
        row = self.store.db.execute(
            "SELECT 1 FROM cloud_certificates WHERE customer_id = ? LIMIT 1", (customer_id,)
        ).fetchone()
        return row is not None

    def usable(self, customer_id: int) -> CloudCertificate:
        """The certificate to open, or Refused saying why there is none."""
        record = self.current(customer_id)
        if record is None:
            raise _none()
        if record.is_expired(self.clock.now()):
            raise Refused(
                RefusalCode.FINCERT_EXPIRED,
                "{expires}에 만료된 금융인증서입니다. 금융인증서 재발급을 받아 주세요.",
                expires=f"{record.not_after:%Y-%m-%d}",
            )
        return record

    # --- the checks a flow makes before asking for a PIN -----------------------------

    def check_issuable(self, customer_id: int) -> None:
        record = self.current(customer_id)
        if record is not None and not record.is_expired(self.clock.now()):
            raise Refused(
                RefusalCode.FINCERT_EXISTS,
                "이미 금융인증서가 있습니다(만료일 {expires}). "
                "갱신·재발급·PIN 재설정을 이용해 주세요.",
                expires=f"{record.not_after:%Y-%m-%d}",
            )

    def check_reissuable(self, customer_id: int) -> None:
        if not self.ever_issued(customer_id):
            raise Refused(
                RefusalCode.FINCERT_NONE,
                "발급받은 금융인증서가 없습니다. 금융인증서 발급을 이용해 주세요.",
            )

    def check_renewable(self, customer_id: int) -> CloudCertificate:
        record = self.current(customer_id)
        if record is None:
            raise _none()
        state = renewal.window(record.not_after, self.clock.now())
        if state.state is renewal.RenewalState.EXPIRED:
            raise Refused(
                RefusalCode.RENEW_EXPIRED,
                "{expires}에 만료된 금융인증서는 갱신할 수 없습니다. "
                "금융인증서 재발급을 받아 주세요.",
                expires=f"{state.expires_on:%Y-%m-%d}",
            )
        if state.state is renewal.RenewalState.TOO_EARLY:
            raise Refused(RefusalCode.RENEW_TOO_EARLY, state.phrase)
        return record

    def check_before(self, service: Service, customer_id: int) -> None:
        """What `service` needs of the customer's cloud, checked right after the
        identity check so nobody types a phone number or PIN for nothing."""
        if service is Service.FIN_ISSUE:
            self.check_issuable(customer_id)
        elif service is Service.FIN_REISSUE:
            self.check_reissuable(customer_id)
        elif service is Service.FIN_RENEW:
            if self.check_renewable(customer_id).pin_locked:
                raise _locked()
        elif service is Service.FIN_VIEW:
            if self.usable(customer_id).pin_locked:
                raise _locked()
        elif service is Service.FIN_PIN_RESET:
            self.usable(customer_id)
        elif service is Service.FIN_DELETE and self.current(customer_id) is None:
            raise _none()
        elif service is Service.FIN_REGISTER:
            self.check_registrable(customer_id)

    # --- issuing ----------------------------------------------------------------

    def issue(
        self,
        customer: Customer,
        rrn: Rrn,
        pin: str,
        confirmation: str | None = None,
        *,
        issued_by: str = "",
    ) -> CloudCertificate:
        """발급: a key pair and a certificate for three years, sealed under the PIN.

        `issued_by`: another bank's code, for a 금융인증서 a trainer stages as issued
        there (the cloud is 금융결제원's, shared by every bank)."""
        self.check_issuable(customer.id)
        return self._make(customer, rrn, pin, confirmation, reissue=False, issued_by=issued_by)

    def reissue(
        self, customer: Customer, rrn: Rrn, pin: str, confirmation: str | None = None
    ) -> CloudCertificate:
        """재발급 (deleted or lost): a new key; a certificate still in the cloud is revoked."""
        self.check_reissuable(customer.id)
        return self._make(customer, rrn, pin, confirmation, reissue=True)

    def _make(
        self,
        customer: Customer,
        rrn: Rrn,
        pin: str,
        confirmation: str | None,
        *,
        reissue: bool,
        issued_by: str = "",
    ) -> CloudCertificate:
        check_new_pin(pin, confirmation)
        now = self.clock.now()
        not_before, not_after = FINANCIAL.validity_from(now)
        data_key = vault.new_data_key()
        serial = self.store.unused_serial()
        sealed = self._seal_new(
            customer, rrn, serial, data_key, not_before, not_after, bank_ou=issued_by or BANK_OU
        )
        pin_wrap = vault.wrap(self._secret, vault.PIN, pin, data_key, vault.aad(customer.id))
        sealed = _Sealed(sealed.certificate, sealed.sealed_key, pin_wrap, sealed.identity)
        superseded = None
        with self.store.transaction():
            previous = self.current(customer.id)
            if previous is not None and not previous.is_expired(now) and not reissue:
                raise Refused(RefusalCode.FINCERT_EXISTS, "이미 금융인증서가 있습니다.")
            if previous is not None:
                superseded = previous.serial
                self._revoke(previous.serial, RevocationReason.SUPERSEDED, now)
            self._insert(serial, customer.id, sealed, not_before, not_after, now)
            if issued_by:
                self.store.db.execute(
                    "INSERT INTO cloud_origins (serial, bank) VALUES (?, ?)", (serial, issued_by)
                )
        if superseded is not None:
            crl.publish(self.store, self._cas(), self.data_dir, now)
        return self._reloaded(serial)

    def _seal_new(
        self,
        customer: Customer,
        rrn: Rrn,
        serial: int,
        data_key: bytes,
        not_before: dt.datetime,
        not_after: dt.datetime,
        subject: x509.Name | None = None,
        bank_ou: str = BANK_OU,
    ) -> _Sealed:
        """A fresh key and its certificate; the key sealed, the identity wrap made.

        The PIN wrap is left empty for the caller: only it knows the PIN, or keeps the old wrap."""
        key = self.keys.take()
        random_num = keyfile.new_random_num()
        cert = cert_profile.build(
            product=FINANCIAL,
            holder=cert_profile.Holder(customer.name, rrn.digits),
            subject_name=subject,
            bank_ou=bank_ou,
            public_key=key.public_key(),
            random_num=random_num,
            issuer=self._cas().issuer(FINANCIAL.ca),
            serial=serial,
            not_before=not_before,
            not_after=not_after,
            notice=NOTICE,
        )
        associated = vault.aad(customer.id)
        return _Sealed(
            certificate=cert,
            sealed_key=vault.seal(data_key, keyfile.pkcs8_with_random(key, random_num), associated),
            pin=vault.Wrap(b"", b""),
            identity=vault.wrap(self._secret, vault.IDENTITY, rrn.digits, data_key, associated),
        )

    def _insert(
        self,
        serial: int,
        customer_id: int,
        sealed: _Sealed,
        not_before: dt.datetime,
        not_after: dt.datetime,
        now: dt.datetime,
    ) -> None:
        self.store.db.execute(
            "INSERT INTO cloud_certificates (serial, customer_id, certificate, sealed_key,"
            " pin_salt, pin_wrap, escrow_salt, escrow_wrap, not_before, not_after, issued_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                serial,
                customer_id,
                sealed.certificate.public_bytes(Encoding.DER),
                sealed.sealed_key,
                sealed.pin.salt,
                sealed.pin.blob,
                sealed.identity.salt,
                sealed.identity.blob,
                not_before.isoformat(),
                not_after.isoformat(),
                now.isoformat(),
            ),
        )

    def _reloaded(self, serial: int) -> CloudCertificate:
        record = self.get(serial)
        assert record is not None
        return record

    # --- using ------------------------------------------------------------------

    def open(self, customer_id: int, pin: str) -> OpenedCloudCertificate:
        """Open the certificate with its PIN; wrong PINs are counted, five lock it."""
        record = self.usable(customer_id)
        if record.pin_locked:
            raise _locked()
        if not is_pin_shaped(pin):
            raise Refused(RefusalCode.PIN_SHAPE, "PIN 숫자 6자리를 입력해 주세요.")
        associated = vault.aad(customer_id)
        # One transaction: two kiosks must not both miss a wrong PIN's count.
        with self.store.transaction() as db:
            row = db.execute(
                "SELECT * FROM cloud_certificates WHERE serial = ?", (record.serial,)
            ).fetchone()
            if row["pin_locked"]:
                raise _locked()
            stored = vault.Wrap(row["pin_salt"], row["pin_wrap"])
            try:
                data_key = vault.unwrap(self._secret, vault.PIN, pin, stored, associated)
            except vault.WrongSecret:
                data_key = None
            failures = 0 if data_key is not None else int(row["pin_failures"]) + 1
            db.execute(
                "UPDATE cloud_certificates SET pin_failures = ?, pin_locked = ? WHERE serial = ?",
                (failures, int(failures >= PIN_MAX_FAILURES), record.serial),
            )
        if failures >= PIN_MAX_FAILURES:
            raise _locked()
        if data_key is None:
            raise Refused(
                RefusalCode.PIN_WRONG,
                "PIN이 일치하지 않습니다(오류 {failures}/{limit}회).",
                failures=failures,
                limit=PIN_MAX_FAILURES,
            )
        plain = vault.unseal(data_key, row["sealed_key"], associated)
        private = keyfile.parse_pkcs8_with_random(plain)
        assert private.random_num is not None
        return OpenedCloudCertificate(
            self._reloaded(record.serial), private.key, private.random_num, data_key
        )

    # --- another bank's 금융인증서: registered for use here, then proving who one is ----

    def check_registrable(self, customer_id: int) -> CloudCertificate:
        """타행 이용 등록: the customer's 금융인증서 from another bank, not yet registered
        here, in force and not locked (Refused saying which it is not)."""
        record = self.current(customer_id)
        if record is None:
            raise Refused(
                RefusalCode.FINCERT_NONE,
                "클라우드에 다른 은행에서 발급받은 금융인증서가 없습니다. "
                "금융인증서 발급을 이용해 주세요.",
            )
        if record.issued_here:
            raise Refused(
                RefusalCode.FINCERT_OWN_BANK,
                "한빛은행에서 발급한 금융인증서입니다. 등록하지 않아도 바로 쓸 수 있습니다.",
            )
        if record.registered_at is not None:
            raise Refused(
                RefusalCode.FINCERT_REGISTERED,
                "이 금융인증서는 이미 한빛은행에 등록되어 있습니다({date} 등록).",
                date=f"{record.registered_at:%Y-%m-%d}",
            )
        self._in_force(record)
        return record

    def usable_here(self, customer_id: int) -> CloudCertificate:
        """본인확인 with the 금융인증서: this bank's own or one registered here, in force."""
        record = self.current(customer_id)
        if record is None:
            raise _none()
        if not record.usable_here:
            raise Refused(
                RefusalCode.FINCERT_NOT_REGISTERED,
                "{bank}에서 발급한 금융인증서는 한빛은행에 등록해야 쓸 수 있습니다. "
                "'금융인증서 → 타행 이용 등록'을 먼저 이용해 주세요.",
                bank=record.bank_name,
            )
        self._in_force(record)
        return record

    def _in_force(self, record: CloudCertificate) -> None:
        if record.is_expired(self.clock.now()):
            raise Refused(
                RefusalCode.FINCERT_EXPIRED,
                "{expires}에 만료된 금융인증서입니다. 금융인증서 재발급을 받아 주세요.",
                expires=f"{record.not_after:%Y-%m-%d}",
            )
        if record.pin_locked:
            raise _locked()

    def register_here(self, customer_id: int, serial: int) -> CloudCertificate:
        """Record another bank's 금융인증서 as registered here (its PIN was proven)."""
        record = self.check_registrable(customer_id)
        if record.serial != serial:
            raise Refused(
                RefusalCode.FINCERT_CHANGED, "금융인증서가 바뀌었습니다. 처음부터 다시 해 주세요."
            )
        self.store.db.execute(
            "INSERT INTO cloud_registrations (serial, customer_id, registered_at) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (serial, customer_id, self.clock.now().isoformat()),
        )
        return self._reloaded(serial)

    # --- renewal, PIN reset, deletion -----------------------------------------

    def renew(
        self,
        opened: OpenedCloudCertificate,
        customer: Customer,
        rrn: Rrn,
        new_pin: str | None = None,
        confirmation: str | None = None,
    ) -> CloudCertificate:
        """갱신: a new key, three years from the old expiry; the PIN kept or replaced."""
        old = self.check_renewable(customer.id)
        if old.serial != opened.record.serial:
            raise Refused(
                RefusalCode.FINCERT_CHANGED, "금융인증서가 바뀌었습니다. 처음부터 다시 해 주세요."
            )
        if new_pin is not None:
            check_new_pin(new_pin, confirmation)
        now = self.clock.now()
        not_before = now.replace(microsecond=0)
        not_after = renewal.renewed_not_after(old.not_after, FINANCIAL.validity_years)
        serial = self.store.unused_serial()
        associated = vault.aad(customer.id)
        # The data key carries over, so the old PIN keeps working unless a new one was chosen.
        sealed = self._seal_new(
            customer, rrn, serial, opened.data_key, not_before, not_after, old.certificate.subject
        )
        with self.store.transaction() as db:
            row = db.execute(
                "SELECT pin_salt, pin_wrap FROM cloud_certificates WHERE serial = ?",
                (old.serial,),
            ).fetchone()
            pin_wrap = (
                vault.Wrap(row["pin_salt"], row["pin_wrap"])
                if new_pin is None
                else vault.wrap(self._secret, vault.PIN, new_pin, opened.data_key, associated)
            )
            self._revoke(old.serial, RevocationReason.SUPERSEDED, now)
            self._insert(
                serial,
                customer.id,
                _Sealed(sealed.certificate, sealed.sealed_key, pin_wrap, sealed.identity),
                not_before,
                not_after,
                now,
            )
        crl.publish(self.store, self._cas(), self.data_dir, now)
        return self._reloaded(serial)

    def reset_pin(
        self, customer: Customer, rrn: Rrn, new_pin: str, confirmation: str | None = None
    ) -> CloudCertificate:
        """PIN 재설정 after an identity check: the key stays, the count and lock clear."""
        record = self.usable(customer.id)
        check_new_pin(new_pin, confirmation)
        associated = vault.aad(customer.id)
        with self.store.transaction() as db:
            row = db.execute(
                "SELECT escrow_salt, escrow_wrap FROM cloud_certificates WHERE serial = ?",
                (record.serial,),
            ).fetchone()
            stored = vault.Wrap(row["escrow_salt"], row["escrow_wrap"])
            try:
                data_key = vault.unwrap(
                    self._secret, vault.IDENTITY, rrn.digits, stored, associated
                )
            except vault.WrongSecret:
                raise Refused(
                    RefusalCode.FINCERT_NOT_OWNER,
                    "본인확인 정보가 금융인증서 소유자와 일치하지 않습니다.",
                ) from None
            pin_wrap = vault.wrap(self._secret, vault.PIN, new_pin, data_key, associated)
            db.execute(
                "UPDATE cloud_certificates SET pin_salt = ?, pin_wrap = ?, pin_failures = 0,"
                " pin_locked = 0 WHERE serial = ?",
                (pin_wrap.salt, pin_wrap.blob, record.serial),
            )
        return self._reloaded(record.serial)

    def delete(self, customer_id: int) -> CloudCertificate:
        """삭제: revoked on the CRL; the sealed key and its wraps wiped from the cloud."""
        record = self.current(customer_id)
        if record is None:
            raise _none()
        now = self.clock.now()
        with self.store.transaction():
            self._revoke(record.serial, RevocationReason.CESSATION, now)
        crl.publish(self.store, self._cas(), self.data_dir, now)
        return self._reloaded(record.serial)

    def _revoke(self, serial: int, reason: RevocationReason, now: dt.datetime) -> None:
        # A revoked key is of no further use: wipe it, keep the certificate for the CRL.
        self.store.db.execute(
            "UPDATE cloud_certificates SET revoked_at = ?, revoke_reason = ?, sealed_key = ?,"
            " pin_wrap = ?, escrow_wrap = ? WHERE serial = ? AND revoked_at IS NULL",
            (now.isoformat(), reason.value, b"", b"", b"", serial),
        )
