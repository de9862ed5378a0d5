"""Playing a scenario: headless for checks, or on screen for a room (autoplay with
captions), and the outcome read from the App's state as JSON."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.pilot import Pilot

from kiosk.certs.cert_files import FileAction
from kiosk.core.i18n import tr
from screens.app import KioskApp
from screens.demo import cloud as demo_cloud
from screens.demo.driver import Driver, ScenarioStuck
from screens.demo.scenarios import Scenario


def outcome(app: KioskApp, scenario: Scenario, driver: Driver) -> dict[str, Any]:
    session = app.session
    result: dict[str, Any] = {"scenario": scenario.name, "service": scenario.service.value}
    cloud = demo_cloud.outcome(app)
    if cloud is not None:
        return {**result, **cloud}
    issued = session.issued
    files = session.file_outcome
    done_registration = session.registered or session.unregistered
    if done_registration is not None:
        result.update(
            outcome="registered" if session.registered is not None else "unregistered",
            serial=done_registration.serial,
            ca=tr(done_registration.ca_name),  # the report is in the visit's language
            product=tr(done_registration.product_name),
            registered_now=[reg.serial for reg in app.bank.registrations(app.session.visit or "")],
        )
    elif files is not None:
        result.update(
            outcome=files.action.value,
            serial=files.serial,
            directory=str(files.directory),
            medium=files.medium.value,
        )
        if files.action is FileAction.PASSWORD_CHANGED:
            result["password"] = driver.typed_password
    elif session.revoked is not None:
        revoked = session.revoked
        result.update(
            outcome="revoked",
            revoked_serial=revoked.serial,
            reason=None if revoked.revoke_reason is None else revoked.revoke_reason.value,
        )
    elif issued is not None:
        result.update(
            outcome="issued",
            directory=str(issued.directory),
            password=driver.typed_password,
            serial=issued.serial,
            subject=issued.subject_dn,
            product=issued.product.code,
            ca=issued.product.ca.value,
            medium=issued.medium.value,
            not_after=issued.not_after.date().isoformat(),
            fee=issued.fee_paid,
            key_encoding=issued.key_encoding.value,
        )
        if issued.superseded is not None:
            result["revoked_serial"] = issued.superseded
    elif session.last_refusal is not None:
        refusal = session.last_refusal
        result.update(
            outcome="refused",
            reason=refusal.code,
            message=refusal.message,
            step=None if refusal.step is None else refusal.step.name.lower(),
        )
    else:
        result.update(outcome="unfinished")
    return result


def play(
    app: KioskApp,
    scenario: Scenario,
    staged: dict[str, Any],
    *,
    headless: bool,
    pace: float,
    external_phone: bool = False,
) -> dict[str, Any]:
    """Run the App with the scenario as autopilot, once the trainer has staged what
    it needs (`staged` says what); return the outcome."""
    report: dict[str, Any] = {}

    app.autoplay = not headless

    async def autopilot(pilot: Pilot[object]) -> None:
        driver = Driver(app, pilot, pace, external_phone)
        if app.autoplay:
            app.show_caption(f"{scenario.name}: " + tr(scenario.summary))
        try:
            await scenario.play(driver)
            report.update(outcome(app, scenario, driver))
            if not headless:
                await asyncio.sleep(3 * pace)
        except ScenarioStuck as stuck:
            report.update(outcome(app, scenario, driver))
            report.setdefault("error", str(stuck))
            if report.get("outcome") == "unfinished":
                report["error"] = str(stuck)
        finally:
            app.exit()

    app.run(headless=headless, auto_pilot=autopilot, size=(80, 24) if headless else None)
    return {**report, **staged}
