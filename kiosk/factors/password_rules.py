"""공동인증서 password rules, DESIGN §6."""

from __future__ import annotations

from enum import Enum

from kiosk.core.i18n import Phrase

MIN_LENGTH = 10
FORBIDDEN = "'\"₩\\|"


class PasswordRule(Enum):
    EMPTY = "비밀번호를 입력해 주세요."
    TOO_SHORT = "비밀번호는 {length}자리 이상이어야 합니다."
    NO_LETTER = "영문자를 한 개 이상 포함해야 합니다."
    NO_DIGIT = "숫자를 한 개 이상 포함해야 합니다."
    NO_SPECIAL = "특수문자를 한 개 이상 포함해야 합니다."
    FORBIDDEN_CHAR = "' \" ₩ \\ | 문자는 사용할 수 없습니다."
    NOT_ASCII = "영문자, 숫자, 특수문자만 사용할 수 있습니다(한글·공백 불가)."
    MISMATCH = "비밀번호 확인이 일치하지 않습니다."

    @property
    def phrase(self) -> Phrase:
        return Phrase(self.value, length=MIN_LENGTH)

    @property
    def message(self) -> str:
        return self.phrase.render()


def broken_rules(password: str, confirmation: str | None = None) -> list[PasswordRule]:
    """Every rule the password breaks, in the order a customer can fix them."""
    if not password:
        return [PasswordRule.EMPTY]
    broken: list[PasswordRule] = []
    if len(password) < MIN_LENGTH:
        broken.append(PasswordRule.TOO_SHORT)
    printable_ascii = all(33 <= ord(c) <= 126 for c in password if c not in FORBIDDEN)
    if not printable_ascii:
        broken.append(PasswordRule.NOT_ASCII)
    if any(c in FORBIDDEN for c in password):
        broken.append(PasswordRule.FORBIDDEN_CHAR)
    if not any(c.isascii() and c.isalpha() for c in password):
        broken.append(PasswordRule.NO_LETTER)
    if not any(c.isascii() and c.isdigit() for c in password):
        broken.append(PasswordRule.NO_DIGIT)
    if not any(33 <= ord(c) <= 126 and not c.isalnum() and c not in FORBIDDEN for c in password):
        broken.append(PasswordRule.NO_SPECIAL)
    if confirmation is not None and confirmation != password:
        broken.append(PasswordRule.MISMATCH)
    return broken
