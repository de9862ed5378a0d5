"""Argument types the `kiosk` commands share."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from kiosk.core.clock import EARLIEST_DAY, LATEST_DAY, in_range
from kiosk.core.i18n import Phrase, PhraseValue, tr


def iso_date(text: str) -> dt.date:
    """A YYYY-MM-DD argument within the days a kiosk runs on, refused with the
    rule in the customer's language."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("날짜는 YYYY-MM-DD 형식이어야 합니다: {text}", text=repr(text))
        ) from None
    if not in_range(day):
        raise argparse.ArgumentTypeError(
            tr(
                "날짜는 {earliest}부터 {latest}까지입니다: {text}",
                earliest=EARLIEST_DAY.isoformat(),
                latest=LATEST_DAY.isoformat(),
                text=text,
            )
        )
    return day


def port(text: str) -> int:
    """A TCP port number to listen on."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(tr("포트는 1~65535의 숫자입니다: {text}", text=text))
    return number


class Stop(Exception):
    """A command cannot go on with what it was given: `phrase` says what and what to do."""

    def __init__(self, template: str, /, **params: PhraseValue) -> None:
        super().__init__(template)
        self.phrase = Phrase(template, **params)


# A password or PIN is a line of a few dozen characters: reading stops here, so
# `< /dev/zero` or an endless pipe is refused at once instead of filling memory.
STDIN_LIMIT = 1024


def stdin_line() -> str:
    """One line from stdin, without its line ending: UTF-8, at most STDIN_LIMIT bytes."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream with no bytes underneath (tests give one)
        text = sys.stdin.readline(STDIN_LIMIT + 1)
        raw = text.encode("utf-8", "surrogateescape")
    else:
        raw = buffer.readline(STDIN_LIMIT + 1)
    line = raw.rstrip(b"\r\n")
    if len(line) > STDIN_LIMIT:
        raise Stop(
            "표준 입력의 한 줄이 {limit}바이트보다 깁니다. 비밀번호 한 줄만 보내 주세요.",
            limit=STDIN_LIMIT,
        )
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        raise Stop("표준 입력이 UTF-8 텍스트가 아닙니다. 비밀번호를 글자로 보내 주세요.") from None


def cannot_listen(host: str, port: int, error: OSError) -> Stop:
    """Why a server could not start on `host`:`port` (in use, no such address), and what to do."""
    return Stop(
        "{host}:{port}에서 연결을 받을 수 없습니다({reason}). 다른 --port를 쓰거나, "
        "그 포트를 쓰고 있는 프로그램을 끝낸 뒤 다시 시작해 주세요.",
        host=host,
        port=port,
        reason=error.strerror or str(error),
    )
