"""The kiosk as a relying party: does a certificate chain to a trust anchor?

A certificate is trusted when each link up to a configured trust anchor is
signed by the next, every CA on the way is a CA that may sign certificates and
is valid today, and the CAs' policy constraints hold (RFC 5280 §6, cut down to
the one- and two-level paths of the Korean NPKI: KISA root → CA → subscriber).

Trust anchors: the simulated KISA root (`<data-dir>/ca/root.crt.pem`), and any
CA certificate a trainer puts in `<data-dir>/trust/` (PEM or DER, `*.pem`,
`*.crt`, `*.cer`, `*.der`) — another institution's CA, trusted as it stands.
The simulated institutions' CA certificates in `<data-dir>/ca/` are the
intermediates a path may use; they are trusted only through the root.

The subscriber's own dates are not part of this answer: the services say
"expired" or "not yet valid" with their own messages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.x509.oid import CertificatePoliciesOID

from kiosk.core.i18n import Phrase

TRUST_DIR = "trust"
CA_DIR = "ca"
_SUFFIXES = (".pem", ".crt", ".cer", ".der")
_MAX_DEPTH = 4  # root → (cross-certified) CA → CA → subscriber at most


class Distrust(StrEnum):
    """Why a path is not trusted: the words after "untrusted: " in `kiosk cert show`."""

    UNKNOWN_ISSUER = "unknown issuer"
    BAD_SIGNATURE = "bad signature"
    CA_EXPIRED = "CA certificate expired"
    CA_NOT_YET_VALID = "CA certificate not yet valid"
    NOT_A_CA = "issuer is not a CA"
    NO_EXPLICIT_POLICY = "no explicit policy"
    POLICY_NOT_ALLOWED = "policy not allowed by the CA"
    CA_REVOKED = "CA certificate revoked"
    PATH_TOO_LONG = "path too long"

    @property
    def phrase(self) -> Phrase:
        return Phrase(_PHRASES[self])


_PHRASES = {
    Distrust.UNKNOWN_ISSUER: "발급기관을 신뢰할 수 없습니다",
    Distrust.BAD_SIGNATURE: "발급기관의 서명이 맞지 않습니다",
    Distrust.CA_EXPIRED: "발급기관 인증서가 만료되었습니다",
    Distrust.CA_NOT_YET_VALID: "발급기관 인증서의 유효기간이 시작되지 않았습니다",
    Distrust.NOT_A_CA: "발급기관이 인증기관이 아닙니다",
    Distrust.NO_EXPLICIT_POLICY: "인증서 정책이 없습니다",
    Distrust.POLICY_NOT_ALLOWED: "발급기관이 허용하지 않은 인증서 정책입니다",
    Distrust.CA_REVOKED: "발급기관 인증서가 폐지되었습니다",
    Distrust.PATH_TOO_LONG: "인증 경로가 너무 깁니다",
}


@dataclass(frozen=True)
class TrustStore:
    anchors: tuple[x509.Certificate, ...]
    intermediates: tuple[x509.Certificate, ...]

    def candidates(self, name: x509.Name) -> list[x509.Certificate]:
        return [cert for cert in (*self.anchors, *self.intermediates) if cert.subject == name]

    def is_anchor(self, certificate: x509.Certificate) -> bool:
        return any(anchor == certificate for anchor in self.anchors)


@dataclass(frozen=True)
class Trust:
    """The answer for one certificate: the path found, or why there is none."""

    chain: tuple[x509.Certificate, ...]  # subscriber first, anchor last (when trusted)
    distrust: Distrust | None = None

    @property
    def trusted(self) -> bool:
        return self.distrust is None

    @property
    def issuer(self) -> x509.Certificate | None:
        """The certificate of the CA that signed the subscriber, when that much is known."""
        return self.chain[1] if len(self.chain) > 1 else None

    @property
    def report(self) -> str:
        """`kiosk cert show`'s "trust" field."""
        return "trusted" if self.distrust is None else f"untrusted: {self.distrust.value}"


def _read_certificates(path: Path) -> list[x509.Certificate]:
    try:
        data = path.read_bytes()
    except OSError:
        return []
    try:
        if b"-----BEGIN" in data:
            return list(x509.load_pem_x509_certificates(data))
        return [x509.load_der_x509_certificate(data)]
    except ValueError:
        return []  # not a certificate: ignored, as a browser ignores junk in its store


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        basic = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return False
    if not basic.ca:
        return False
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True
    return usage.key_cert_sign


def load(data_dir: Path) -> TrustStore:
    """The trust anchors and the simulated CAs kept in `data_dir` (certificates only, no keys)."""
    anchors: list[x509.Certificate] = []
    intermediates: list[x509.Certificate] = []
    ca_dir = data_dir / CA_DIR
    anchors += _read_certificates(ca_dir / "root.crt.pem")
    if ca_dir.is_dir():
        for path in sorted(ca_dir.glob("*.crt.pem")):
            if path.name != "root.crt.pem":
                intermediates += _read_certificates(path)
    trust_dir = data_dir / TRUST_DIR
    if trust_dir.is_dir():
        for path in sorted(trust_dir.iterdir()):
            if path.suffix.lower() in _SUFFIXES:
                anchors += [cert for cert in _read_certificates(path) if _is_ca(cert)]
    return TrustStore(tuple(anchors), tuple(intermediates))


def _signed_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        certificate.verify_directly_issued_by(issuer)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def _policies(certificate: x509.Certificate) -> set[str] | None:
    """The certificate's policy OIDs (all of them), None when it states none."""
    try:
        ext = certificate.extensions.get_extension_for_class(x509.CertificatePolicies)
    except x509.ExtensionNotFound:
        return None
    return {policy.policy_identifier.dotted_string for policy in ext.value}


def _requires_explicit_policy(certificate: x509.Certificate) -> bool:
    try:
        ext = certificate.extensions.get_extension_for_class(x509.PolicyConstraints)
    except x509.ExtensionNotFound:
        return False
    # Korean CAs use 0 (from this CA down); a larger skip is never seen in two-level paths.
    return ext.value.require_explicit_policy is not None


def _policy_check(chain: list[x509.Certificate]) -> Distrust | None:
    """Policies as RFC 5280 processes them for NPKI paths: each CA's policies (or
    anyPolicy) bound those below it, and requireExplicitPolicy makes a policy
    compulsory. The anchor's own extensions bind nothing (§6.1: an anchor is a
    name and a key)."""
    any_policy = CertificatePoliciesOID.ANY_POLICY.dotted_string
    subscriber, *cas = chain
    below_anchor = cas[:-1]
    explicit = any(_requires_explicit_policy(ca) for ca in below_anchor)
    held = _policies(subscriber) or set()
    if explicit and not held:
        return Distrust.NO_EXPLICIT_POLICY
    for ca in below_anchor:
        allowed = _policies(ca)
        if allowed is None:
            # A CA stating no policy ends every policy below it (the previous
            # release's CAs): fatal only where a policy is required.
            if explicit:
                return Distrust.NO_EXPLICIT_POLICY
            continue
        if held and any_policy not in allowed and not held & allowed:
            return Distrust.POLICY_NOT_ALLOWED
    return None


def validate(
    store: TrustStore,
    certificate: x509.Certificate,
    now: dt.datetime,
    revoked_cas: frozenset[tuple[str, int]] = frozenset(),
) -> Trust:
    """The path from `certificate` to an anchor of `store` on `now`.

    `revoked_cas` holds (issuer DN, serial) of CA certificates on their issuer's
    ARL, which break any path through them."""
    chain = [certificate]
    current = certificate
    while not store.is_anchor(current):
        if len(chain) > _MAX_DEPTH:
            return Trust(tuple(chain), Distrust.PATH_TOO_LONG)
        candidates = store.candidates(current.issuer)
        if not candidates:
            return Trust(tuple(chain), Distrust.UNKNOWN_ISSUER)
        issuer = next((cert for cert in candidates if _signed_by(current, cert)), None)
        if issuer is None:
            return Trust(tuple(chain), Distrust.BAD_SIGNATURE)
        chain.append(issuer)
        if not _is_ca(issuer):
            return Trust(tuple(chain), Distrust.NOT_A_CA)
        if now > issuer.not_valid_after_utc:
            return Trust(tuple(chain), Distrust.CA_EXPIRED)
        if now < issuer.not_valid_before_utc:
            return Trust(tuple(chain), Distrust.CA_NOT_YET_VALID)
        if (issuer.issuer.rfc4514_string(), issuer.serial_number) in revoked_cas:
            return Trust(tuple(chain), Distrust.CA_REVOKED)
        if issuer == current:  # a self-signed CA that is no anchor
            return Trust(tuple(chain), Distrust.UNKNOWN_ISSUER)
        current = issuer
    if len(chain) == 1:
        return Trust(tuple(chain))  # an anchor itself
    problem = _policy_check(chain)
    return Trust(tuple(chain), problem)
