"""A visit, as the bank sees it: who the customer proved to be, and how.

The kiosk's screens ask; the bank records each check that passed and signs,
debits, revokes or registers only when the service's rule is met. A client
that skips 추가인증 (a modified kiosk, a raw HTTP call) gets a refusal, not a
certificate."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from enum import Enum

from kiosk.core.clock import Clock
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.factors.auth import ARS_CALLS_PER_VISIT
from kiosk.storage.store import Store
from kiosk.visit.flows import Service


class Proof(Enum):
    ID_DOCUMENT = "id_document"  # 신분증 (name, resident number, document details)
    ACCOUNT_PIN = "account_pin"  # an account and its password (detail: the account)
    ONE_WON = "one_won"  # 1원 이체 인증 (detail: the account)
    PHONE = "phone"  # 휴대폰 본인인증
    CERT_OWNER = "cert_owner"  # own certificate opened, VID matched (detail: serial)
    FOREIGN_CERT = "foreign_cert"  # 타기관 certificate opened, VID matched (detail: fingerprint)
    SMS = "sms"
    OTP = "otp"
    ARS = "ars"
    SECURITY_CARD = "security_card"
    CLOUD_PIN = "cloud_pin"  # the 금융인증서 opened with its PIN (detail: serial)
    # The 금융인증서 signed the bank's challenge and the bank verified it (detail: serial):
    # 본인확인 where a service takes it, and 타행 이용 등록's proof of the PIN.
    CLOUD_SIGNED = "cloud_signed"
    CONSENT = "consent"  # 약관·개인정보 수집·이용 동의 (detail: the terms' version)


_ACCOUNT_OR_ID = frozenset({Proof.ACCOUNT_PIN, Proof.ONE_WON, Proof.ID_DOCUMENT})
_EXTRA = frozenset({Proof.SMS, Proof.OTP, Proof.ARS, Proof.SECURITY_CARD})
_ID = frozenset({Proof.ID_DOCUMENT})
_ID_OR_CLOUD = frozenset({Proof.ID_DOCUMENT, Proof.CLOUD_SIGNED})
_CONSENT = frozenset({Proof.CONSENT})
# 전자금융사기 예방서비스: a channel to the customer's phone and a security medium.
_PHONE_CHANNEL = frozenset({Proof.SMS, Proof.ARS})
_SECURITY_MEDIUM = frozenset({Proof.OTP, Proof.SECURITY_CARD})

# What each service's act needs: one proof out of every group, all for one customer.
RULES: dict[Service, tuple[frozenset[Proof], ...]] = {
    Service.ISSUE: (_ID_OR_CLOUD, _CONSENT, _EXTRA),
    # A re-issued certificate replaces one the customer may no longer hold (lost,
    # stolen): as 등록, a phone channel and a security medium, not a typed ID alone.
    Service.REISSUE: (_ID_OR_CLOUD, _CONSENT, _PHONE_CHANNEL, _SECURITY_MEDIUM),
    Service.RENEW: (frozenset({Proof.CERT_OWNER}), _EXTRA),
    # Whoever knows a resident number must not be able to revoke someone's certificate.
    Service.REVOKE: (_ID, _EXTRA),
    Service.REGISTER: (
        _ACCOUNT_OR_ID,
        frozenset({Proof.FOREIGN_CERT}),
        _PHONE_CHANNEL,
        _SECURITY_MEDIUM,
    ),
    Service.UNREGISTER: (_ACCOUNT_OR_ID,),
    Service.FIN_ISSUE: (_ID, _CONSENT, frozenset({Proof.PHONE})),
    Service.FIN_REISSUE: (_ID, _CONSENT, frozenset({Proof.PHONE})),
    Service.FIN_PIN_RESET: (_ID, _CONSENT, frozenset({Proof.PHONE})),
    Service.FIN_RENEW: (_ID, frozenset({Proof.CLOUD_PIN})),
    Service.FIN_VIEW: (_ID,),
    # The PIN, or (forgotten, locked) the customer's own phone.
    Service.FIN_DELETE: (_ID, frozenset({Proof.CLOUD_PIN, Proof.PHONE})),
    Service.FIN_REGISTER: (
        _ID,
        _CONSENT,
        frozenset({Proof.PHONE}),
        frozenset({Proof.CLOUD_SIGNED}),
    ),
}


# The services whose steps ask 약관·개인정보 수집 동의 (before anything is issued
# or a code is sent to the customer's phone).
NEEDS_CONSENT = frozenset(service for service, groups in RULES.items() if _CONSENT in groups)
TERMS_VERSION = "2026-01"


@dataclass(frozen=True)
class Visit:
    id: str
    service: Service
    customer_id: int | None
    proofs: frozenset[tuple[Proof, str]]

    def has(self, proof: Proof, detail: str | None = None) -> bool:
        return any(p is proof and (detail is None or d == detail) for p, d in self.proofs)

    def missing(self) -> list[frozenset[Proof]]:
        """The rule's groups no proof of this visit satisfies yet."""
        return [
            group
            for group in RULES.get(self.service, ())
            if not any(self.has(proof) for proof in group)
        ]


def _not_proven() -> Refused:
    return Refused(
        RefusalCode.VISIT_NOT_PROVEN,
        "본인확인과 추가인증을 마쳐야 이용할 수 있습니다. 처음부터 다시 해 주세요.",
    )


class Visits:
    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def open(self, service: Service) -> str:
        visit_id = secrets.token_urlsafe(18)
        self.store.db.execute(
            "INSERT INTO visits (id, service, opened_at) VALUES (?, ?, ?)",
            (visit_id, service.value, self.clock.now().isoformat()),
        )
        return visit_id

    def close(self, visit_id: str) -> None:
        self.store.db.execute(
            "UPDATE visits SET closed_at = ? WHERE id = ? AND closed_at IS NULL",
            (self.clock.now().isoformat(), visit_id),
        )

    def get(self, visit_id: str) -> Visit:
        """The open visit, or Refused: an ended or unknown visit can do nothing."""
        row = self.store.db.execute(
            "SELECT service, customer_id FROM visits WHERE id = ? AND closed_at IS NULL",
            (visit_id,),
        ).fetchone()
        if row is None:
            raise Refused(
                RefusalCode.VISIT_UNKNOWN, "이용 시간이 끝났습니다. 처음부터 다시 해 주세요."
            )
        proofs = self.store.db.execute(
            "SELECT proof, detail FROM visit_proofs WHERE visit_id = ?", (visit_id,)
        ).fetchall()
        return Visit(
            visit_id,
            Service(row["service"]),
            row["customer_id"],
            frozenset((Proof(p["proof"]), p["detail"]) for p in proofs),
        )

    def customer_id(self, visit_id: str) -> int:
        """Whose visit it is; refused before any identity check has passed."""
        visit = self.get(visit_id)
        if visit.customer_id is None:
            raise _not_proven()
        return visit.customer_id

    def prove(self, visit_id: str, proof: Proof, customer_id: int, detail: str = "") -> None:
        """Record a passed check; every check of one visit must be of one customer."""
        visit = self.get(visit_id)
        if visit.customer_id not in (None, customer_id):
            raise Refused(
                RefusalCode.VISIT_OTHER_CUSTOMER,
                "앞에서 확인한 고객과 다른 고객입니다. 처음부터 다시 해 주세요.",
            )
        with self.store.transaction() as db:
            db.execute("UPDATE visits SET customer_id = ? WHERE id = ?", (customer_id, visit_id))
            db.execute(
                "INSERT INTO visit_proofs (visit_id, proof, detail, at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (visit_id, proof.value, detail, self.clock.now().isoformat()),
            )

    def require(self, visit_id: str, service: Service | None = None) -> Visit:
        """The visit if its service's rule is met (and it is for `service`), else refused."""
        visit = self.get(visit_id)
        if service is not None and visit.service is not service:
            raise Refused(
                RefusalCode.VISIT_WRONG_SERVICE,
                "이 이용에서 할 수 없는 업무입니다. 처음부터 다시 해 주세요.",
            )
        if visit.customer_id is None or visit.missing():
            raise _not_proven()
        return visit

    def count_ars_call(self, visit_id: str) -> bool:
        """One more ARS call for this visit, if the visit has calls left."""
        updated = self.store.db.execute(
            "UPDATE visits SET ars_calls = ars_calls + 1 WHERE id = ? AND ars_calls < ?",
            (visit_id, ARS_CALLS_PER_VISIT),
        ).rowcount
        return updated == 1

    def ars_calls_left(self, visit_id: str) -> int:
        row = self.store.db.execute(
            "SELECT ars_calls FROM visits WHERE id = ?", (visit_id,)
        ).fetchone()
        return 0 if row is None else ARS_CALLS_PER_VISIT - int(row["ars_calls"])

    def ask_card(self, visit_id: str, first: int, second: int) -> None:
        """The 보안카드 codes asked in this visit now (replacing any earlier question)."""
        with self.store.transaction() as db:
            db.execute("DELETE FROM visit_card_challenges WHERE visit_id = ?", (visit_id,))
            db.execute(
                "INSERT INTO visit_card_challenges (visit_id, first, second) VALUES (?, ?, ?)",
                (visit_id, first, second),
            )

    def take_card_question(self, visit_id: str) -> tuple[int, int] | None:
        """The codes asked in this visit, if any; an answer uses the question up."""
        with self.store.transaction() as db:
            row = db.execute(
                "SELECT first, second FROM visit_card_challenges WHERE visit_id = ?",
                (visit_id,),
            ).fetchone()
            db.execute("DELETE FROM visit_card_challenges WHERE visit_id = ?", (visit_id,))
        return None if row is None else (int(row["first"]), int(row["second"]))

    def set_cloud_challenge(
        self, visit_id: str, customer_id: int, serial: int, challenge: bytes
    ) -> None:
        """What this visit's 금융인증서 is to sign now (replacing any earlier challenge)."""
        with self.store.transaction() as db:
            db.execute("DELETE FROM visit_cloud_challenges WHERE visit_id = ?", (visit_id,))
            db.execute(
                "INSERT INTO visit_cloud_challenges (visit_id, customer_id, serial, challenge)"
                " VALUES (?, ?, ?, ?)",
                (visit_id, customer_id, serial, challenge),
            )

    def cloud_challenge(self, visit_id: str) -> tuple[int, int, bytes] | None:
        """The challenge set for this visit: customer, serial and the bytes to sign."""
        row = self.store.db.execute(
            "SELECT customer_id, serial, challenge FROM visit_cloud_challenges WHERE visit_id = ?",
            (visit_id,),
        ).fetchone()
        if row is None:
            return None
        return int(row["customer_id"]), int(row["serial"]), bytes(row["challenge"])

    def take_cloud_challenge(self, visit_id: str) -> tuple[int, int, bytes] | None:
        """The challenge, used up: one signature is checked against it, right or wrong."""
        with self.store.transaction() as db:
            found = self.cloud_challenge(visit_id)
            db.execute("DELETE FROM visit_cloud_challenges WHERE visit_id = ?", (visit_id,))
        return found

    def set_issue_code(self, visit_id: str, code_hash: str) -> None:
        self.store.db.execute(
            "UPDATE visits SET issue_code_hash = ? WHERE id = ?", (code_hash, visit_id)
        )

    def issue_code_hash(self, visit_id: str) -> str | None:
        row = self.store.db.execute(
            "SELECT issue_code_hash FROM visits WHERE id = ?", (visit_id,)
        ).fetchone()
        return None if row is None else row["issue_code_hash"]
