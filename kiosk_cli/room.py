"""`kiosk serve`: the kiosk in browsers on the local network (the training room).

textual-serve starts one kiosk process per browser tab, so every trainee gets an
independent kiosk; all of them share one data directory, as kiosks in one
branch share the bank's records."""

from __future__ import annotations

import secrets
import shlex
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.i18n import DEFAULT_LANGUAGE, tr
from kiosk_cli.arguments import cannot_listen

if TYPE_CHECKING:
    from kiosk.bankside.bank import Bank


def kiosk_command(
    data_dir: Path, today: str | None, kiosk_mode: bool, lang: str = DEFAULT_LANGUAGE.value
) -> str:
    """The command each browser tab runs."""
    parts = [sys.executable, "-m", "kiosk_cli", "--data-dir", str(data_dir), "--lang", lang]
    parts.append("--browser-keys")  # F5 would reload the tab, F11 fill the screen
    if today is not None:
        parts += ["--today", today]
    if not kiosk_mode:
        parts.append("--no-kiosk-mode")
    return shlex.join(parts)


def serve(
    data_dir: Path,
    host: str,
    port: int,
    today: str | None,
    kiosk_mode: bool = True,
    lang: str = DEFAULT_LANGUAGE.value,
    *,
    class_code: str | None = None,
    public_url: str | None = None,
) -> int:
    from kiosk.bankside.bank import Bank
    from kiosk.core.clock import ShiftedClock

    # Set up the data directory once, before several tabs race to create it.
    # Kept open: the class dashboard (/class) reads the tabs' reports from it.
    bank = Bank.open(data_dir, ShiftedClock())
    try:
        return _serve(bank, data_dir, host, port, today, kiosk_mode, lang, class_code, public_url)
    finally:
        bank.close()


def _serve(
    bank: Bank,
    data_dir: Path,
    host: str,
    port: int,
    today: str | None,
    kiosk_mode: bool,
    lang: str,
    class_code: str | None,
    public_url: str | None,
) -> int:
    from kiosk_cli.room_server import RoomServer, korean_font, new_class_code

    default_pin = bank.operator.is_default()
    if not _loopback(host) and default_pin:
        # On a LAN anyone could key the README's PIN and wipe every tab's data.
        print(
            tr(
                "오류: 네트워크에 여는 교실에서는 운영자 PIN을 먼저 바꾸어야 합니다: "
                "echo 새PIN | kiosk operator-pin --data-dir {data_dir}",
                data_dir=str(data_dir),
            ),
            file=sys.stderr,
        )
        return 2
    code = (class_code or new_class_code()).strip().upper()
    if not (4 <= len(code) <= 16 and code.isascii() and code.isalnum()):
        print(tr("오류: 수업 코드는 영문자와 숫자 4~16자입니다."), file=sys.stderr)
        return 2
    font = korean_font()
    if font is None:
        print(
            tr(
                "주의: 한글 글꼴(fonts-nanum-coding)이 없어 브라우저에 한글이 네모로 보일 수 "
                "있습니다: sudo apt-get install fonts-nanum-coding"
            ),
            file=sys.stderr,
        )
    # On every interface: the name trainees' PCs reach this one by.
    listening = socket.gethostname() if host in ("0.0.0.0", "::") else host  # noqa: S104
    shown = public_url or f"http://{listening}:{port}/"
    print(tr("교실 주소: {url}   수업 코드: {code}", url=shown, code=code), flush=True)
    # The trainer's own key to the dashboard: not the class code, which trainees know.
    trainer_key = secrets.token_urlsafe(12)
    print(tr("교실 현황(강사용): {url}class?key={key}", url=shown, key=trainer_key), flush=True)
    server = RoomServer(
        kiosk_command(data_dir, today, kiosk_mode, lang),
        host=host,
        port=port,
        title=tr("한빛은행 인증센터"),
        class_code=code,
        public_url=public_url,
        font=font,
        bank=bank,
        trainer_key=trainer_key,
    )
    try:
        server.serve()
    except OSError as error:  # binding the port: the only OSError before serving starts
        raise cannot_listen(host, port, error) from None
    return 0


def _loopback(host: str) -> bool:
    return host in ("127.0.0.1", "::1", "localhost")
