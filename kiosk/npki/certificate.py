"""The personal certificate profile of DESIGN §4, built with cryptography."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID, ObjectIdentifier

from kiosk.certs.products import CaId
from kiosk.npki import oids, vid
from kiosk.npki.ca import CertificateAuthority, organisation

BANK_OU = "HANBIT"  # the simulated bank (한빛은행) as it appears in subject DNs


@dataclass(frozen=True)
class Subject:
    real_name: str
    rrn_digits: str
    usage_ou: str
    ca_id: CaId

    def name(self, serial_tag: str) -> x509.Name:
        # Banks append a long registration number to the name so that two
        # customers with the same name get different subject DNs.
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "kr"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation(self.ca_id)),
                x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, self.usage_ou),
                x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, BANK_OU),
                x509.NameAttribute(NameOID.COMMON_NAME, f"{self.real_name}(){serial_tag}"),
            ]
        )


def new_serial_tag() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(22))


def new_serial_number() -> int:
    # Ten decimal digits, like the serials banks print on screen.
    return 1_000_000_000 + secrets.randbelow(9_000_000_000)


def build(
    *,
    subject: Subject,
    subject_name: x509.Name | None = None,
    public_key: rsa.RSAPublicKey,
    random_num: bytes,
    issuer: CertificateAuthority,
    policy_oid: str,
    serial: int,
    not_before: dt.datetime,
    not_after: dt.datetime,
    notice: str = "이 인증서는 공동인증서입니다",
) -> x509.Certificate:
    host = f"{organisation(subject.ca_id).lower()}.sim.invalid"
    identify = vid.identify_data(subject.real_name, subject.rrn_digits, random_num)
    cps = f"http://www.{host}/cps.htm"
    # yessign's policy carries the user notice before the CPS; the others the CPS first.
    qualifiers: list[str | x509.UserNotice] = (
        [x509.UserNotice(None, notice), cps]
        if subject.ca_id is CaId.YESSIGN
        else [cps, x509.UserNotice(None, notice)]
    )
    policy = x509.PolicyInformation(ObjectIdentifier(policy_oid), qualifiers)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject_name or subject.name(new_serial_tag()))
        .issuer_name(issuer.name)
        .public_key(public_key)
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        # Real personal certificates, in their order: AKI, SKI, KU, CP, SAN, CRL DP, AIA.
        .add_extension(_authority_key_identifier(issuer), False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        # KICA marks its policies non-critical; the other CAs critical.
        .add_extension(x509.CertificatePolicies([policy]), critical=subject.ca_id is not CaId.KICA)
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.OtherName(ObjectIdentifier(oids.KISA_IDENTIFY_DATA), identify)]
            ),
            False,
        )
        .add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        [
                            x509.UniformResourceIdentifier(
                                f"http://crl.{host}/{subject.ca_id.value}.crl"
                            )
                        ],
                        None,
                        None,
                        None,
                    )
                ]
            ),
            False,
        )
        .add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(
                        x509.oid.AuthorityInformationAccessOID.OCSP,
                        x509.UniformResourceIdentifier(f"http://ocsp.{host}:4612"),
                    )
                ]
            ),
            False,
        )
    )
    return builder.sign(issuer.key, hashes.SHA256())


def _authority_key_identifier(issuer: CertificateAuthority) -> x509.AuthorityKeyIdentifier:
    """Key id, and the issuing CA's own issuer and serial, as the real CAs write it."""
    certificate = issuer.certificate
    return x509.AuthorityKeyIdentifier(
        key_identifier=x509.SubjectKeyIdentifier.from_public_key(issuer.key.public_key()).digest,
        authority_cert_issuer=[x509.DirectoryName(certificate.issuer)],
        authority_cert_serial_number=certificate.serial_number,
    )
