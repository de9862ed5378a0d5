"""인증서 내보내기/가져오기: a certificate's files sealed for the bank's relay
(kiosk/bankside/copy_relay.py) on one side and written onto a medium on the other.

The files travel as they are on disk, so both key encodings (SEED-CBC and PBES2)
arrive unchanged and open with the same password. They are sealed with AES-GCM
under a key stretched (scrypt) from the 인증번호's secret half, salted with its
relay id: the bank relays bytes it cannot open."""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path

from kiosk.core import kdf
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.npki import layout

# What an NPKI certificate directory holds: the signing pair, and the
# key-management pair some CAs issue beside it.
NPKI_FILES = ("signCert.der", "signPri.key", "kmCert.der", "kmPri.key")
_NONCE_BYTES = 12


@dataclass(frozen=True)
class CertificateFiles:
    """One certificate directory: `NPKI/<ca_folder>/USER/<name>/` and its files."""

    ca_folder: str
    name: str
    files: dict[str, bytes]

    @classmethod
    def read(cls, directory: Path) -> CertificateFiles:
        """The files of a certificate directory on a medium (Refused if unreadable)."""
        try:
            files = {
                path.name: path.read_bytes()
                for path in sorted(directory.iterdir())
                if path.is_file() and path.name in NPKI_FILES
            }
        except OSError:
            files = {}
        if "signCert.der" not in files or "signPri.key" not in files:
            raise Refused(
                RefusalCode.MEDIUM_READ_FAILED,
                "원본 인증서를 읽지 못했습니다. 저장매체를 확인해 주세요.",
            )
        return cls(directory.parent.parent.name, directory.name, files)

    def write(self, medium_root: Path) -> Path:
        """Onto a medium, whole or not at all; an older copy of it is replaced."""
        target = layout.user_dir(medium_root, self.ca_folder) / self.name
        try:
            layout.write_atomically(target, self.files, replace=True)
        except layout.MediumError:
            raise Refused(
                RefusalCode.MEDIUM_WRITE_FAILED,
                "복사하지 못했습니다. 저장매체가 분리되었거나 쓸 수 없습니다. 다시 시도해 주세요.",
            ) from None
        return target


def seal(certificate: CertificateFiles, secret: str, relay_id: str) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    plain = json.dumps(
        {
            "ca_folder": certificate.ca_folder,
            "name": certificate.name,
            "files": {
                name: base64.b64encode(data).decode("ascii")
                for name, data in certificate.files.items()
            },
        },
        ensure_ascii=False,
    ).encode("utf-8")
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(_key(secret, relay_id)).encrypt(nonce, plain, relay_id.encode())


def open_sealed(sealed: bytes, secret: str, relay_id: str) -> CertificateFiles:
    """The certificate the sender sealed; Refused (COPY_DAMAGED) if the bytes were
    changed on the way or are not what a kiosk or phone seals."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    damaged = Refused(
        RefusalCode.COPY_DAMAGED,
        "받은 인증서가 손상되었습니다. 보내는 쪽에서 다시 내보내 주세요.",
    )
    nonce, body = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
    try:
        plain = AESGCM(_key(secret, relay_id)).decrypt(nonce, body, relay_id.encode())
        content = json.loads(plain.decode("utf-8"))
        ca_folder, name = str(content["ca_folder"]), str(content["name"])
        files = {
            str(file_name): base64.b64decode(data, validate=True)
            for file_name, data in dict(content["files"]).items()
        }
    except (InvalidTag, ValueError, KeyError, TypeError):
        raise damaged from None
    if not all(_plain_name(part) for part in (ca_folder, name)) or not set(files) <= set(
        NPKI_FILES
    ):
        raise damaged
    return CertificateFiles(ca_folder, name, files)


def _plain_name(name: str) -> bool:
    # A folder name as NPKI writes it: never a path, never hidden.
    return bool(name) and "/" not in name and "\x00" not in name and not name.startswith(".")


def _key(secret: str, relay_id: str) -> bytes:
    return kdf.stretch(secret, b"npki-copy:" + relay_id.encode("ascii"), 32)
