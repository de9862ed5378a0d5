"""Playing a scenario: headless for checks, or on screen for a room (autoplay with
captions), and the outcome read from the App's state as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.pilot import Pilot

from kiosk.certs.cert_files import FileAction
from kiosk.core.i18n import Phrase, tr
from kiosk.training.scenario_files import Scenario
from kiosk.visit.session import (
    FilesState,
    IssuanceState,
    RegisterState,
    RevokeState,
    UnregisterState,
)
from screens.demo import cloud as demo_cloud
from screens.demo import phone_copy as demo_phone_copy
from screens.demo import scam_call as demo_scam_call
from screens.demo.driver import Driver, ScenarioStopped, ScenarioStuck, workers_done
from screens.demo.scenarios import run_steps

if TYPE_CHECKING:
    from screens.app import KioskApp


def outcome(app: KioskApp, scenario: Scenario, driver: Driver | None) -> dict[str, Any]:
    session = app.session
    result: dict[str, Any] = {"scenario": scenario.name, "service": scenario.service.value}
    cloud = demo_cloud.outcome(app)
    if cloud is not None:
        return {**result, **cloud}
    match session.state:
        case RegisterState(registered=done) | UnregisterState(unregistered=done) if (
            done is not None
        ):
            result.update(
                outcome="registered"
                if isinstance(session.state, RegisterState)
                else "unregistered",
                serial=done.serial,
                ca=tr(done.ca_name),  # the report is in the visit's language
                product=tr(done.product_name),
                registered_now=[reg.serial for reg in app.bank.registrations(session.visit or "")],
            )
        case FilesState(outcome=files) if files is not None:
            result.update(
                outcome=files.action.value,
                serial=files.serial,
                directory=str(files.directory),
                medium=files.medium.value,
            )
            if files.action in (FileAction.PASSWORD_CHANGED, FileAction.IMPORTED):
                result["password"] = None if driver is None else driver.typed_password
            result.update(demo_phone_copy.outcome(app, scenario))
        case RevokeState(revoked=revoked) if revoked is not None:
            result.update(
                outcome="revoked",
                revoked_serial=revoked.serial,
                reason=None if revoked.revoke_reason is None else revoked.revoke_reason.value,
            )
        case IssuanceState(issued=issued) if issued is not None:
            result.update(
                outcome="issued",
                directory=str(issued.directory),
                password=None if driver is None else driver.typed_password,
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
        case _:
            result.update(_nothing_done(app))
    return result


def _nothing_done(app: KioskApp) -> dict[str, Any]:
    """The report of a visit that did nothing: stopped at the fraud warning, refused, or
    left unfinished."""
    stopped = demo_scam_call.outcome(app)
    if stopped is not None:
        return stopped
    refusal = app.session.last_refusal
    if refusal is not None:
        return {
            "outcome": "refused",
            "reason": refusal.code,
            "message": refusal.message,
            "step": None if refusal.step is None else refusal.step.name.lower(),
        }
    return {"outcome": "unfinished"}


def end_caption(scenario: Scenario, report: dict[str, Any]) -> Phrase:
    """What the room reads last: the rule a refusal teaches, or what was done."""
    if "error" in report:
        return Phrase("시나리오가 끝나지 못했습니다: {error}", error=str(report["error"]))
    if report.get("outcome") == "refused":
        rule = scenario.expect.rule
        return Phrase(
            "거절되었습니다 — 규칙: {rule}",
            rule=rule.shown() if rule is not None else str(report.get("message", "")),
        )
    if report.get("outcome") == "scam_stopped" and scenario.expect.rule is not None:
        return Phrase("재발급을 멈췄습니다 — 규칙: {rule}", rule=scenario.expect.rule.shown())
    return Phrase("완료했습니다: {summary}", summary=scenario.summary.shown())


async def autopilot(
    app: KioskApp,
    pilot: Pilot[object],
    scenario: Scenario,
    *,
    pace: float,
    external_phone: bool = False,
) -> dict[str, Any]:
    """Play `scenario` on a running kiosk; its report. On screen the summary and the
    end stay until the trainer's key; Esc stops it and ends the visit where it stands."""
    driver = Driver(app, pilot, pace, external_phone)
    app.autoplay_stopped = False
    app.autoplay_paused = False
    report: dict[str, Any] = {}
    try:
        if app.autoplay:
            app.autoplay_waiting = "start"
            app.show_caption(f"{scenario.name}: {scenario.summary.shown()}")
            await driver.hold()
        try:
            await run_steps(driver, scenario)
            report.update(outcome(app, scenario, driver))
            if not scenario.expect.met_by(report):
                report["error"] = (
                    f"expected {scenario.expect.outcome}"
                    + (f" ({scenario.expect.reason})" if scenario.expect.reason else "")
                    + f", got {report.get('outcome')}"
                    + (f" ({report['reason']})" if report.get("reason") else "")
                )
        except ScenarioStuck as stuck:
            report.update(outcome(app, scenario, driver))
            report.setdefault("error", str(stuck))
            if report.get("outcome") == "unfinished":
                report["error"] = str(stuck)
        if app.autoplay:
            app.autoplay_waiting = "end"
            app.show_caption(end_caption(scenario, report).render())
            await driver.hold()
    except ScenarioStopped:
        report = {
            "scenario": scenario.name,
            "service": scenario.service.value,
            "outcome": "stopped",
            "step": None if app.session.step is None else app.session.step.value,
        }
        await workers_done(app)  # what the bank was doing, it finishes
        app.end_visit()  # nothing the customer entered stays behind
    finally:
        app.autoplay_waiting = ""
    return report


async def learner_run(
    app: KioskApp,
    pilot: Pilot[object],
    scenario: Scenario,
    mode: str,
    learner: str,
    *,
    headless: bool,
) -> dict[str, Any]:
    """A learner mode under `kiosk demo --mode`: on screen the learner plays and the
    program ends once they leave the scored end (F1); headless, a learner who does
    every step right plays it (guided: pressing what the guide asks; practice and
    test: the autopilot's keys, as the learner's), for checks."""
    coach = app.begin_learning(scenario, mode, learner, auto=headless)
    assert coach is not None
    report: dict[str, Any] = {}
    try:
        if mode == "guided":
            assert app.demo_task is not None
            await app.demo_task
        elif headless:
            await run_steps(Driver(app, pilot, 0.0), scenario)
        if headless:
            await workers_done(app)
            if not coach.run.finished:
                coach.finish_with_outcome()
        else:
            while not (coach.run.finished and app.session.service is None):
                await pilot.pause(0.1)
    except ScenarioStuck as stuck:
        report["error"] = str(stuck)
    if not coach.run.finished:
        coach.finish_with_outcome()
    report = {**outcome(app, scenario, None), **report}
    report.update(mode=mode, learner=learner)
    if coach.run.result is not None:
        report["learner_result"] = coach.run.result.as_json()
    return report


def play(
    app: KioskApp,
    scenario: Scenario,
    staged: dict[str, Any],
    *,
    headless: bool,
    pace: float,
    external_phone: bool = False,
    mode: str = "demo",
    learner: str = "",
) -> dict[str, Any]:
    """Run the App with the scenario as autopilot, once the trainer has staged what
    it needs (`staged` says what); return the outcome. In a learner mode (guided,
    practice, test) the learner plays, and the report carries the scored result."""
    report: dict[str, Any] = {}

    app.autoplay = not headless and mode == "demo"

    async def run(pilot: Pilot[object]) -> None:
        try:
            if mode != "demo":
                report.update(
                    await learner_run(app, pilot, scenario, mode, learner, headless=headless)
                )
                return
            report.update(
                await autopilot(app, pilot, scenario, pace=pace, external_phone=external_phone)
            )
        finally:
            app.exit()

    app.run(headless=headless, auto_pilot=run, size=(80, 24) if headless else None)
    return {**report, **staged}
