"""Scripted scenarios: the kiosk driven by key presses, as a customer would.

The scenarios are data (kiosk/training/scenarios/*.toml, or a trainer's own file:
kiosk/training/scenario_files.py reads them); here each step's action becomes the
Driver's keys. Trainers play them to a room; automated checks play them headless;
screens/demo/play.py plays one and reads its outcome from the App's state."""

from __future__ import annotations

from kiosk.terminal.media import Medium
from kiosk.training.scenario_files import Scenario, ScenarioStep, builtins
from kiosk.visit.flows import Step
from screens.demo import phone_copy, scam_call
from screens.demo.driver import Driver
from screens.key_names import kiosk_key

SCENARIOS: dict[str, Scenario] = builtins()

__all__ = ["SCENARIOS", "Scenario", "issue_bank", "perform", "run_steps"]


async def run_steps(d: Driver, scenario: Scenario) -> None:
    """Every step of `scenario`, in order; between steps the trainer's → may pause it."""
    for step in scenario.steps:
        d.step_caption = None if step.caption is None else step.caption.shown()
        screen = step.screen
        if screen is not None:
            await d.at(screen)  # the room reads what this step is about before it starts
        elif step.caption is not None and d.app.autoplay:
            d.app.show_caption(step.caption.shown())  # a step on no one screen (the phone)
            await d.pause()
        for _ in range(step.repeat):
            await perform(d, scenario, step)
        d.step_caption = None
        await d.step_done()


async def issue_bank(d: Driver) -> None:
    await run_steps(d, SCENARIOS["issue-bank"])


def _medium(step: ScenarioStep) -> Medium:
    return Medium(step.text("medium"))


async def perform(d: Driver, scenario: Scenario, step: ScenarioStep) -> None:
    """One step's keys (see ACTIONS in kiosk/training/scenario_files.py)."""
    action = step.action
    if action == "start":
        await d.start(scenario.service)
    elif action == "identify":
        await d.identify(step.text("customer"), document=step.text("document"))
    elif action == "identify_by_fincert":
        await d.identify_by_fincert(step.text("customer"), step.text("pin"))
    elif action == "agree":
        await d.agree()
    elif action == "choose_product":
        await d.choose_product(step.number("choice"))
    elif action == "authenticate":
        await d.authenticate(step.text("method"), Step(step.text("screen")))
    elif action == "choose_medium":
        await d.choose_medium(_medium(step))
    elif action == "set_password":
        await d.set_password(step.text("password"))
    elif action == "confirm":
        await d.confirm(step.number("choice"))
    elif action == "choose_cert":
        await d.choose_cert(step.number("choice"))
    elif action == "open_cert":
        await d.open_cert(step.number("choice"), step.text("password"))
    elif action == "vid_check":
        await d.vid_check(step.text("customer"))
    elif action == "revoke_reason":
        await d.revoke_reason(step.number("choice"))
    elif action == "account_check":
        await d.account_check(step.text("customer"), by=step.text("by"))
    elif action == "find_cert":
        await d.find_cert(step.number("choice"), step.text("password"))
    elif action == "confirm_enter":
        await d.confirm_with_enter(Step(step.text("screen")))
    elif action == "pick_file":
        await d.pick_file(step.number("choice"), step.optional_text("password"))
    elif action == "change_password":
        await d.change_password(step.text("old"), step.text("new"))
    elif action == "copy_to":
        await d.copy_to(_medium(step))
    elif action == "export_to_phone":
        await phone_copy.export_to_phone(d, scenario.customer)
    elif action == "import_from_phone":
        await phone_copy.import_from_phone(
            d, scenario.customer, _medium(step), step.text("password")
        )
    elif action == "phone_check":
        await d.phone_check(step.text("customer"))
    elif action == "new_pin":
        await d.new_pin(step.text("pin"))
    elif action == "enter_pin":
        await d.enter_pin(step.text("pin"))
    elif action == "take_call":
        await scam_call.take_call(d, scenario.customer)
    elif action == "heed_warning":
        await d.at(Step.FRAUD_WARNING)
        await d.press("1" if step.text("answer") == "stop" else "2")
    elif action == "wait_for":
        await d.at(Step(step.text("screen")))
    elif action == "press":
        keys = step.args["keys"]
        assert isinstance(keys, tuple)
        for key in keys:  # one at a time: the screen, and what a key does, may change
            await d.press(kiosk_key(d.app.screen, key))
    elif action == "type":
        await d.type(step.text("text"))
    elif action == "read_code":
        d.code = d.sms_code() if step.text("source") == "sms" else d.otp_code()
        await d.pause()
    elif action == "type_code":
        await d.type_code(wrong=bool(step.args.get("wrong")))
    elif action == "wait_refusal":
        await d.wait_refusal()
    else:  # the file's reader knows only the actions above
        raise AssertionError(action)
