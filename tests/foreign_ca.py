"""Certificates built here, not by the kiosk's profile code: another institution's
CA the kiosk has never heard of, and forgeries of the kiosk's own CAs.

What a relying party must do with them (refuse until trusted, then accept) is
what tests/unit/test_trust.py and tests/ui/test_relying_party_flows.py check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID, ObjectIdentifier

from kiosk.npki import keyfile, layout, oids, vid
from kiosk.npki.encodings import KeyEncoding
from tests.premade_keys import PREMADE_KEYS

OUTSIDE_POLICY = "1.2.410.200004.5.2.1.2"  # KICA's 범용 OID: the kiosk names the product


@dataclass(frozen=True)
class OutsideCa:
    key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def crl(self, now: dt.datetime, revoked: tuple[int, ...] = ()) -> bytes:
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.certificate.subject)
            .last_update(now - dt.timedelta(hours=1))
            .next_update(now + dt.timedelta(days=7))
            .add_extension(x509.CRLNumber(1), False)
        )
        for serial in revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(serial)
                .revocation_date(now - dt.timedelta(minutes=5))
                .build()
            )
        return builder.sign(self.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def outside_ca(common_name: str = "OutsideCA 1", *, now: dt.datetime) -> OutsideCa:
    """A self-signed CA of an institution the kiosk does not know."""
    key = PREMADE_KEYS.take()
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "KR"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Outside"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(7)
        .not_valid_before(now - dt.timedelta(days=365))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), True
        )
        .sign(key, hashes.SHA256())
    )
    return OutsideCa(key, certificate)


def forged_ca(impersonated: x509.Certificate) -> OutsideCa:
    """A CA certificate with the same name as `impersonated` but another key."""
    key = PREMADE_KEYS.take()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(impersonated.subject)
        .issuer_name(impersonated.subject)
        .public_key(key.public_key())
        .serial_number(impersonated.serial_number)
        .not_valid_before(impersonated.not_valid_before_utc)
        .not_valid_after(impersonated.not_valid_after_utc)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), True)
        .sign(key, hashes.SHA256())
    )
    return OutsideCa(key, certificate)


def subscriber(
    ca: OutsideCa,
    *,
    real_name: str,
    rrn_digits: str,
    medium_root: Path,
    password: str,
    now: dt.datetime,
    encoding: KeyEncoding = KeyEncoding.SEED_CBC_WITH_SHA1,
    serial: int = 4_242_424_242,
    folder: str = "KICA",
    policy: str | tuple[str, ...] = OUTSIDE_POLICY,
) -> Path:
    """A personal certificate signed by `ca`, with its key file, written under
    `medium_root`'s NPKI folder; its directory."""
    key = PREMADE_KEYS.take()
    random_num = keyfile.new_random_num()
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "kr"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Outside"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "personal"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{real_name}()0001234520261101000001"),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(now - dt.timedelta(days=30))
        .not_valid_after(now + dt.timedelta(days=335))
        .add_extension(
            x509.CertificatePolicies(
                [
                    x509.PolicyInformation(ObjectIdentifier(oid), None)
                    for oid in ((policy,) if isinstance(policy, str) else policy)
                ]
            ),
            True,
        )
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), True
        )
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.OtherName(
                        ObjectIdentifier(oids.KISA_IDENTIFY_DATA),
                        vid.identify_data(real_name, rrn_digits, random_num),
                    )
                ]
            ),
            False,
        )
        .sign(ca.key, hashes.SHA256())
    )
    target = layout.cert_dir(medium_root, folder, certificate.subject)
    layout.write_atomically(
        target,
        {
            layout.CERT_FILE: certificate.public_bytes(serialization.Encoding.DER),
            layout.KEY_FILE: keyfile.encrypt_key(key, password, random_num, encoding),
        },
    )
    return target


def resign(certificate: x509.Certificate, ca: OutsideCa) -> x509.Certificate:
    """The same certificate (names, serial, extensions) signed by `ca`'s key instead."""
    builder = (
        x509.CertificateBuilder()
        .subject_name(certificate.subject)
        .issuer_name(certificate.issuer)
        .public_key(certificate.public_key())  # type: ignore[arg-type]
        .serial_number(certificate.serial_number)
        .not_valid_before(certificate.not_valid_before_utc)
        .not_valid_after(certificate.not_valid_after_utc)
    )
    for extension in certificate.extensions:
        builder = builder.add_extension(extension.value, extension.critical)
    return builder.sign(ca.key, hashes.SHA256())
