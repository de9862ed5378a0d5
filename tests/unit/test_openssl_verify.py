"""An independent relying party: `openssl verify` with strict X.509 checks,
explicit policy and CRLs for the whole path (the CA's CRL and the root's ARL),
on every product the kiosk issues and `kiosk cert make` stages.

It must pass for what the kiosk makes, and fail for a tampered CRL and for a
certificate signed by another key."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from kiosk.bankside.bank import Bank
from kiosk.certs.issuance import IssueRequest, issue
from kiosk.certs.products import BANK_USE, ELSEWHERE, FINANCIAL, ISSUABLE, CaId, Product
from kiosk.npki import crl
from kiosk.people.rrn import parse
from kiosk.terminal.media import Medium
from kiosk.training.staging import make_certificate
from tests.conftest import TODAY
from tests.foreign_ca import forged_ca, resign

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")

PASSWORD = "Kiosk!2026pw"
MINJUN = "8503151234566"
AT = str(int(TODAY.timestamp()) + 3600)  # an hour after the CRLs were published


def _pem(path: Path, *objects: x509.Certificate | x509.CertificateRevocationList) -> Path:
    path.write_bytes(b"".join(obj.public_bytes(Encoding.PEM) for obj in objects))
    return path


def _crls(bank: Bank, ca_id: CaId) -> list[x509.CertificateRevocationList]:
    return [
        x509.load_der_x509_crl(crl.crl_path(bank.data_dir, ca_id).read_bytes()),
        x509.load_der_x509_crl(crl.arl_path(bank.data_dir).read_bytes()),
    ]


def _verify(
    bank: Bank,
    tmp_path: Path,
    leaf: x509.Certificate,
    product: Product,
    crls: list[x509.CertificateRevocationList] | None = None,
) -> subprocess.CompletedProcess[str]:
    root = _pem(tmp_path / "root.pem", bank.cas.root.certificate)
    chain = _pem(tmp_path / "ca.pem", bank.cas.issuer(product.ca).certificate)
    crl_file = _pem(tmp_path / "crls.pem", *(crls or _crls(bank, product.ca)))
    target = _pem(tmp_path / "leaf.pem", leaf)
    return subprocess.run(
        [
            "openssl",
            "verify",
            "-x509_strict",
            "-explicit_policy",
            "-policy",
            product.policy_oid,
            "-crl_check_all",
            "-attime",
            AT,
            "-CAfile",
            str(root),
            "-untrusted",
            str(chain),
            "-CRLfile",
            str(crl_file),
            str(target),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def _issued(bank: Bank, product: Product) -> x509.Certificate:
    customer = bank.registry.find_by_rrn(MINJUN)
    assert customer is not None
    made = issue(
        IssueRequest(
            customer, parse(MINJUN, TODAY.date()), product, Medium.HARD_DISK, PASSWORD, fee_won=0
        ),
        bank=bank,
    )
    return x509.load_der_x509_certificate((made.directory / "signCert.der").read_bytes())


def _staged(bank: Bank, product: Product) -> x509.Certificate:
    made = make_certificate(
        bank,
        real_name="김민준",
        rrn_digits=MINJUN,
        product=product,
        medium=Medium.HARD_DISK,
        password=PASSWORD,
    )
    return x509.load_der_x509_certificate((made.directory / "signCert.der").read_bytes())


@pytest.mark.parametrize("product", ISSUABLE, ids=lambda p: p.code)
def test_what_the_kiosk_issues_verifies(bank: Bank, tmp_path: Path, product: Product) -> None:
    result = _verify(bank, tmp_path, _issued(bank, product), product)
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.mark.parametrize("product", ELSEWHERE, ids=lambda p: p.code)
def test_what_cert_make_stages_verifies(bank: Bank, tmp_path: Path, product: Product) -> None:
    result = _verify(bank, tmp_path, _staged(bank, product), product)
    assert result.returncode == 0, result.stderr + result.stdout


def test_the_financial_certificate_verifies(bank: Bank, tmp_path: Path) -> None:
    customer = bank.registry.find_by_rrn(MINJUN)
    assert customer is not None
    cloud = bank.cloud.issue(customer, parse(MINJUN, TODAY.date()), "135790")
    result = _verify(bank, tmp_path, cloud.certificate, FINANCIAL)
    assert result.returncode == 0, result.stderr + result.stdout


def test_a_tampered_crl_fails(bank: Bank, tmp_path: Path) -> None:
    leaf = _issued(bank, BANK_USE)
    impostor = forged_ca(bank.cas.issuer(BANK_USE.ca).certificate)
    forged = x509.load_der_x509_crl(impostor.crl(TODAY))
    arl = x509.load_der_x509_crl(crl.arl_path(bank.data_dir).read_bytes())
    result = _verify(bank, tmp_path, leaf, BANK_USE, [forged, arl])
    assert result.returncode != 0
    assert "CRL signature failure" in result.stderr + result.stdout


def test_a_certificate_signed_by_another_key_fails(bank: Bank, tmp_path: Path) -> None:
    leaf = _issued(bank, BANK_USE)
    copy = resign(leaf, forged_ca(bank.cas.issuer(BANK_USE.ca).certificate))
    result = _verify(bank, tmp_path, copy, BANK_USE)
    assert result.returncode != 0
    assert "signature failure" in result.stderr + result.stdout
