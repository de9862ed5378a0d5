"""금융인증서 scenarios for `kiosk demo`: what the trainer stages and what the customer does."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from kiosk.people.demo_customers import DEMO_PIN
from kiosk.training.stages import NOTHING, StageSpec, in_cloud
from kiosk.visit.flows import Service, Step

if TYPE_CHECKING:
    from screens.app import KioskApp
    from screens.demo.driver import Driver

NEW_PIN = "917362"
WRONG_PIN = "135790"
_OUTCOMES = {
    Service.FIN_ISSUE: "fincert_issued",
    Service.FIN_REISSUE: "fincert_reissued",
    Service.FIN_RENEW: "fincert_renewed",
    Service.FIN_PIN_RESET: "fincert_pin_reset",
    Service.FIN_DELETE: "fincert_deleted",
}


async def fincert_issue(d: Driver) -> None:
    await d.start(Service.FIN_ISSUE)
    await d.identify("김민준")
    await d.phone_check("김민준")
    await d.new_pin(DEMO_PIN)
    await d.at(Step.RESULT)


async def fincert_renew(d: Driver) -> None:
    await d.start(Service.FIN_RENEW)
    await d.identify("김민준")
    await d.enter_pin(DEMO_PIN)
    await d.at(Step.FIN_NEW_PIN)
    await d.press("2")  # choose a new PIN with the renewal
    await d.new_pin(NEW_PIN)
    await d.at(Step.RESULT)


async def fincert_pin_lockout(d: Driver) -> None:
    await d.start(Service.FIN_VIEW)
    await d.identify("김민준")
    for _ in range(5):  # the fifth wrong PIN locks the certificate
        await d.enter_pin(WRONG_PIN)


async def fincert_pin_reset(d: Driver) -> None:
    await d.start(Service.FIN_PIN_RESET)
    await d.identify("김민준")
    await d.phone_check("김민준")
    await d.new_pin(NEW_PIN)
    await d.at(Step.RESULT)


async def fincert_delete(d: Driver) -> None:
    await d.start(Service.FIN_DELETE)
    await d.identify("김민준")
    await d.enter_pin()
    await d.confirm_with_enter(Step.FIN_DELETE_CONFIRM)
    await d.at(Step.RESULT)


Play = Callable[["Driver"], Awaitable[None]]
SCENARIOS: tuple[tuple[str, Service, str, Play, StageSpec], ...] = (
    (
        "fincert-issue",
        Service.FIN_ISSUE,
        "김민준: 금융인증서 발급 — 신분증, 휴대폰 본인인증, 보안 키패드로 PIN 2회",
        fincert_issue,
        NOTHING,
    ),
    (
        "fincert-renew",
        Service.FIN_RENEW,
        "김민준: 만료 10일 전 금융인증서 갱신(3년 연장, 새 PIN으로 변경)",
        fincert_renew,
        in_cloud(3 * 365 - 10),
    ),
    (
        "fincert-pin-lockout",
        Service.FIN_VIEW,
        "김민준: 금융인증서 PIN 5회 오류 → 사용 제한, PIN 재설정 안내",
        fincert_pin_lockout,
        in_cloud(100),
    ),
    (
        "fincert-pin-reset",
        Service.FIN_PIN_RESET,
        "김민준: 잠긴 금융인증서의 PIN 재설정(신분증, 휴대폰 본인인증; 인증서는 그대로)",
        fincert_pin_reset,
        in_cloud(100, locked=True),
    ),
    (
        "fincert-delete",
        Service.FIN_DELETE,
        "김민준: 금융인증서 삭제(PIN 확인, 폐기 목록 등록, 클라우드에서 삭제)",
        fincert_delete,
        in_cloud(100),
    ),
)


def outcome(app: KioskApp) -> dict[str, Any] | None:
    """The report of a 금융인증서 scenario, or None for the other services."""
    session = app.session
    service = session.service
    record = session.cloud_result
    if service is None or not service.is_cloud:
        return None
    if record is not None:
        report: dict[str, Any] = {
            "outcome": _OUTCOMES[service],
            "serial": record.serial,
            "not_after": record.not_after.date().isoformat(),
            "pin_changed": session.pin_changed,
        }
        if session.cloud_previous is not None:
            report["revoked_serial"] = session.cloud_previous.serial
        return report
    if session.cloud_opened is not None and session.step is Step.FIN_DETAILS:
        return {"outcome": "fincert_opened", "serial": session.cloud_opened.record.serial}
    return None
