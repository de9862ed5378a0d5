"""금융인증서 scenarios for `kiosk demo`: what their report says (the scenarios
themselves are files in kiosk/training/scenarios)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk.visit.flows import Service, Step

if TYPE_CHECKING:
    from screens.app import KioskApp

# The PINs the 금융인증서 scenario files type (tests check what they left behind).
NEW_PIN = "917362"
WRONG_PIN = "135790"
_OUTCOMES = {
    Service.FIN_ISSUE: "fincert_issued",
    Service.FIN_REISSUE: "fincert_reissued",
    Service.FIN_RENEW: "fincert_renewed",
    Service.FIN_PIN_RESET: "fincert_pin_reset",
    Service.FIN_DELETE: "fincert_deleted",
    Service.FIN_REGISTER: "fincert_registered",
}


def outcome(app: KioskApp) -> dict[str, Any] | None:
    """The report of a 금융인증서 scenario, or None for the other services."""
    session = app.session
    service = session.service
    if service is None or not service.is_cloud:
        return None
    cloud = session.cloud
    record = cloud.result
    if record is not None:
        report: dict[str, Any] = {
            "outcome": _OUTCOMES[service],
            "serial": record.serial,
            "not_after": record.not_after.date().isoformat(),
            "pin_changed": cloud.pin_changed,
        }
        if service is Service.FIN_REGISTER:
            report["issued_by"] = record.issued_by
            report["registered_here"] = record.registered_at is not None
        if cloud.previous is not None:
            report["revoked_serial"] = cloud.previous.serial
        return report
    if cloud.opened is not None and session.step is Step.FIN_DETAILS:
        return {"outcome": "fincert_opened", "serial": cloud.opened.record.serial}
    return None
