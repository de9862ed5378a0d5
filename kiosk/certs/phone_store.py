"""The certificates a customer keeps on the smartphone (the bank app's 인증서 보관함),
and the phone's half of 인증서 내보내기/가져오기 (kiosk/bankside/copy_relay.py).

The store lives beside the kiosk's media in the training room's data, one
folder per phone number, in the NPKI layout a PC uses
(`<data>/media/phones/<digits>/NPKI/<CA>/USER/<DN>/`): a training reset empties
it with the media, a trainer stages a certificate onto it as onto a stick, and
files arrive as they were sent, so both key encodings stay as they are and the
copy opens with the same password (PyPinkSign reads it as a PC's). The kiosk
never lists this folder among its media: a certificate on the phone is used at
the kiosk only by copying it back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from kiosk.bankside.copy_relay import CopyTicket, split_code
from kiosk.certs.phone_copy import CertificateFiles, open_sealed, seal
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.npki import keyfile, layout, reader
from kiosk.npki.reader import CertInfo

PHONES_DIR = "phones"


class PhoneRelay(Protocol):
    """The phone's way to the bank's relay (CustomerDevices, or its remote stand-in)."""

    def copy_receive(self, phone: str) -> CopyTicket: ...

    def copy_send(self, code: str, sealed: bytes) -> None: ...

    def copy_collect(self, phone: str, relay_id: str) -> bytes | None: ...


def store_root(data_dir: Path, phone_number: str) -> Path:
    return store_in_bay(data_dir / "media", phone_number)


def store_in_bay(media_base: Path, phone_number: str) -> Path:
    """The phone's store under a media bay's base (MediaBay.base)."""
    digits = "".join(ch for ch in phone_number if ch.isdigit())
    return media_base / PHONES_DIR / digits


@dataclass
class PhoneWallet:
    """One phone's certificate store and its copy in progress."""

    root: Path
    phone_number: str
    waiting: CopyTicket | None = None  # 가져오기: the 인증번호 shown, until the files come
    received: list[Path] = field(default_factory=list)

    @classmethod
    def of(cls, data_dir: Path, phone_number: str) -> PhoneWallet:
        return cls(store_root(data_dir, phone_number), phone_number)

    def certificates(self) -> list[CertInfo]:
        """What the phone holds, readable ones only, in a stable order."""
        try:
            layout.sweep_staging(self.root)
            directories = layout.find_cert_dirs(self.root)
        except OSError:
            return []
        found = []
        for directory in sorted(directories):
            try:
                found.append(reader.load(directory))
            except reader.NotNpki:
                continue
        return found

    # --- 가져오기 onto the phone --------------------------------------------------

    def start_receiving(self, relay: PhoneRelay) -> CopyTicket:
        self.waiting = relay.copy_receive(self.phone_number)
        return self.waiting

    def cancel(self) -> None:
        self.waiting = None

    def collect(self, relay: PhoneRelay) -> Path | None:
        """The certificate written into the store once the sender's files arrived;
        None while they have not. Refused (and no longer waiting) when the number
        expired or the files were damaged."""
        ticket = self.waiting
        if ticket is None:
            return None
        try:
            sealed = relay.copy_collect(self.phone_number, ticket.relay_id)
            if sealed is None:
                return None
            directory = open_sealed(sealed, ticket.secret, ticket.relay_id).write(self.root)
        except Refused:
            self.waiting = None
            raise
        self.waiting = None
        self.received.append(directory)
        return directory

    # --- 내보내기 from the phone --------------------------------------------------

    def send(self, relay: PhoneRelay, certificate: CertInfo, code: str, password: str) -> None:
        """Seal `certificate` under the receiver's 인증번호 and hand it to the bank;
        the password must open its key first (only its owner sends it)."""
        relay_id, secret = split_code(code)
        try:
            keyfile.decrypt_key((certificate.directory / layout.KEY_FILE).read_bytes(), password)
        except keyfile.WrongPassword:
            raise Refused(
                RefusalCode.CERT_PASSWORD_WRONG, "인증서 비밀번호가 맞지 않습니다."
            ) from None
        except (OSError, keyfile.KeyFileError):
            raise Refused(
                RefusalCode.MEDIUM_READ_FAILED,
                "원본 인증서를 읽지 못했습니다. 저장매체를 확인해 주세요.",
            ) from None
        files = CertificateFiles.read(certificate.directory)
        relay.copy_send(code, seal(files, secret, relay_id))
