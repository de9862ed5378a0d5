"""The personal certificate profile of DESIGN §4, built with cryptography."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID, ObjectIdentifier

from kiosk.certs.products import CaId, Product
from kiosk.core.clock import KST
from kiosk.npki import oids, policies, vid
from kiosk.npki.ca import CertificateAuthority, organisation

BANK_OU = "HANBIT"  # the simulated bank (한빛은행) as it appears in subject DNs
# Korean bank codes are three digits (003 IBK, 011 NH, 020 Woori, ...). 한빛은행 is
# simulated, so it gets a code no real bank has.
BANK_CODES = {
    BANK_OU: "990",
    "IBK": "003",
    "KB": "004",
    "NH": "011",
    "WOORI": "020",
    "HANA": "081",
    "SHINHAN": "088",
}
# The registration-authority OU the other CAs put above the bank's, spelled as each
# writes it (public DNs: "ou=KOSCOM,ou=LicensedCA,o=SignKorea,c=KR",
# "ou=NACF,ou=licensedCA,o=KICA,c=KR", "ou=licensedCA,o=CrossCert,c=KR",
# "ou=KTNET,ou=LicensedCA,o=TradeSign,c=KR"). yessign puts the usage there instead.
_RA_OU = {
    CaId.SIGNKOREA: "LicensedCA",
    CaId.KICA: "licensedCA",
    CaId.CROSSCERT: "licensedCA",
    CaId.TRADESIGN: "LicensedCA",
}


def common_name(real_name: str, ca_id: CaId, bank_ou: str, issued_on: dt.date, serial: int) -> str:
    """The CN as each CA writes it: the name, then a registration number that makes
    two customers of the same name different.

    yessign (and KICA, CrossCert and TradeSign, which copied it) write "이름()" and
    22 digits laid out as in public DNs ("hgd()0003041201312240956476": 0 + bank
    code 003 + 04 + 1 + issue date 20131224 + a 7-digit sequence); SignKorea
    writes "이름_" and a 10-digit sequence ("김흥재_0000033643"). The sequence here
    is the certificate's serial, which the bank never gives twice."""
    if ca_id is CaId.SIGNKOREA:
        return f"{real_name}_{serial % 10**10:010d}"
    code = BANK_CODES.get(bank_ou, BANK_CODES[BANK_OU])
    return f"{real_name}()0{code}041{issued_on:%Y%m%d}{serial % 10**7:07d}"


def personal_name(
    real_name: str,
    ca_id: CaId,
    usage_ou: str,
    issued_on: dt.date,
    serial: int,
    bank_ou: str = BANK_OU,
) -> x509.Name:
    """The subject DN of a personal certificate, in each CA's own template."""
    cn = common_name(real_name, ca_id, bank_ou, issued_on, serial)
    if ca_id is CaId.YESSIGN:
        # cn=…,ou=WOORI,ou=personal4IB,o=yessign,c=kr: usage above the bank, lower-case c.
        country, upper_ou = "kr", usage_ou
    else:
        country, upper_ou = "KR", _RA_OU[ca_id]
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, country),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation(ca_id)),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, upper_ou),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, bank_ou),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


@dataclass(frozen=True)
class Holder:
    """Whom a personal certificate names: the VID in it binds the name to the number."""

    real_name: str
    rrn_digits: str


def new_serial_number() -> int:
    # Ten decimal digits, like the serials banks print on screen.
    return 1_000_000_000 + secrets.randbelow(9_000_000_000)


def build(
    *,
    product: Product,
    holder: Holder,
    subject_name: x509.Name | None = None,
    bank_ou: str = BANK_OU,
    public_key: rsa.RSAPublicKey,
    random_num: bytes,
    issuer: CertificateAuthority,
    serial: int,
    not_before: dt.datetime,
    not_after: dt.datetime,
    notice: str = "이 인증서는 공동인증서입니다",
) -> x509.Certificate:
    """A personal certificate of `product`, as every issuer here makes one: this bank's
    CAs, the 금융인증서 cloud, and the other institutions a trainer stages certificates
    from (`bank_ou`). Without `subject_name` the subject is the CA's template for
    `holder`; re-issue and renewal pass the old subject on."""
    ca_id = product.ca
    host = f"{organisation(ca_id).lower()}.sim.invalid"
    identify = vid.identify_data(holder.real_name, holder.rrn_digits, random_num)
    cps = f"http://www.{host}/cps.htm"
    # yessign's policy carries the user notice before the CPS; the others the CPS first.
    policy = policies.Policy(product.policy_oid, cps, notice, notice_first=ca_id is CaId.YESSIGN)
    builder = (
        x509.CertificateBuilder()
        .subject_name(
            subject_name
            or personal_name(
                holder.real_name,
                ca_id,
                product.ou_usage,
                not_before.astimezone(KST).date(),
                serial,
                bank_ou=bank_ou,
            )
        )
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
        .add_extension(policies.extension([policy]), critical=ca_id is not CaId.KICA)
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
                        [x509.UniformResourceIdentifier(f"http://crl.{host}/{ca_id.value}.crl")],
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
