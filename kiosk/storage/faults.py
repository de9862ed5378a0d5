"""The kiosk's storage failing under a customer: a full disk, a medium that turned
read-only, a damaged file. No rule foresees these, so they are not refusals; but
the customer and the staff they call are told which it is, not just "a problem".

A failing write happens inside a transaction (kiosk/storage/store.py), which is
rolled back: what the step was doing is not half kept. The staff-call key is named
as this kiosk has it (kiosk/core/keys.py): a keypad may call staff with another key."""

from __future__ import annotations

import errno

from kiosk.core.i18n import Phrase

# SQLite's primary result codes (an error's extended code keeps it in its low byte).
_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT = 3, 8, 10, 11
_SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 13, 14, 26

FULL = Phrase(
    "키오스크의 저장 공간이 부족해 처리하지 못했습니다. "
    "처리 중이던 내용은 저장되지 않았습니다. "
    "{key_for[call_staff]:을/를} 눌러 직원을 호출해 주세요."
)
READ_ONLY = Phrase(
    "키오스크의 저장 장치에 기록할 수 없어 처리하지 못했습니다. "
    "처리 중이던 내용은 저장되지 않았습니다. "
    "{key_for[call_staff]:을/를} 눌러 직원을 호출해 주세요."
)
DAMAGED = Phrase(
    "키오스크의 데이터를 읽거나 쓰지 못해 처리하지 못했습니다. "
    "{key_for[call_staff]:을/를} 눌러 직원을 호출해 주세요."
)


def storage_fault(error: BaseException) -> Phrase | None:
    """What to tell the customer when `error` is the storage failing; None otherwise."""
    import sqlite3  # here: the kiosk's start loads no SQLite before its home screen

    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        primary = None if code is None else code & 0xFF
        if primary == _SQLITE_FULL:
            return FULL
        if primary in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN):
            return READ_ONLY
        if primary in (_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_NOTADB):
            return DAMAGED
        return None
    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return FULL
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return READ_ONLY
        if error.errno == errno.EIO:
            return DAMAGED
    return None
