"""Services and their steps, as data: the App walks these lists, screens never choose."""

from __future__ import annotations

from enum import Enum


class Step(Enum):
    IDENTITY = "본인확인"
    PRODUCT = "인증서 종류"
    AUTH = "추가인증"
    MEDIUM = "저장매체"
    PASSWORD = "비밀번호"
    CONFIRM = "확인"
    RESULT = "완료"

    @property
    def label(self) -> str:
        return self.value


class Service(Enum):
    ISSUE = "공동인증서 발급"

    @property
    def label(self) -> str:
        return self.value


FLOWS: dict[Service, tuple[Step, ...]] = {
    Service.ISSUE: (
        Step.IDENTITY,
        Step.PRODUCT,
        Step.AUTH,
        Step.MEDIUM,
        Step.PASSWORD,
        Step.CONFIRM,
        Step.RESULT,
    ),
}

# What the home menu offers, in order (number keys pick them).
MENU: tuple[Service, ...] = (Service.ISSUE,)
