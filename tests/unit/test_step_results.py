"""Each step screen declares the result it hands back (`StepScreen[IdentityVerified]`),
which mypy checks against what it dismisses; the visit machine checks the same at
run time (PRODUCES, INSTEAD). The two must agree, for every step and every screen
that stands in for one."""

from __future__ import annotations

import types
import typing
from typing import Any, Never

import pytest

from kiosk.visit.flows import FLOWS, Step
from kiosk.visit.machine import INSTEAD, PRODUCES
from screens.app import screen_for
from screens.base import StepScreen
from screens.steps.fincert import PhoneCheckScreen
from screens.steps.identity import CloudIdentityScreen, IdentityScreen

# Screens shown in place of a step's own (StandIn).
STAND_INS: list[tuple[Step, type[StepScreen[Any]]]] = [
    (Step.IDENTITY, CloudIdentityScreen),  # 금융인증서 for an ID document
    (Step.ACCOUNT_CHECK, IdentityScreen),  # 신분증 for an account at 등록
    (Step.FIN_PIN, PhoneCheckScreen),  # the phone for a forgotten PIN
]


def declared(screen: type[StepScreen[Any]]) -> set[object]:
    """The results `screen` says it hands back (empty: it ends the visit itself)."""
    for klass in screen.__mro__:
        for base in getattr(klass, "__orig_bases__", ()):
            origin = typing.get_origin(base)
            if isinstance(origin, type) and issubclass(origin, StepScreen):
                [result] = typing.get_args(base)
                if isinstance(result, typing.TypeVar):
                    continue  # a generic base (MediaCertScreen): its subclass says
                if result is Never:
                    return set()
                if isinstance(result, types.UnionType):
                    return set(typing.get_args(result))
                return {result}
    raise AssertionError(f"{screen.__name__} does not declare its result")


def taken_at(step: Step) -> set[object]:
    """What the machine takes at `step`, in any service."""
    own = {PRODUCES[step]} if step in PRODUCES else set()
    return own | {result for (_, at), result in INSTEAD.items() if at is step}


@pytest.mark.parametrize("step", list(Step), ids=lambda s: s.value)
def test_each_steps_screen_declares_what_the_machine_takes_there(step: Step) -> None:
    screen = screen_for(step)
    results = declared(screen)
    assert results <= taken_at(step)
    if step in PRODUCES:
        assert PRODUCES[step] in results
    else:
        assert results == set()  # the screen a service ends on produces nothing


@pytest.mark.parametrize(("step", "screen"), STAND_INS, ids=lambda x: getattr(x, "value", ""))
def test_a_screen_standing_in_declares_a_result_its_step_takes(
    step: Step, screen: type[StepScreen[Any]]
) -> None:
    assert declared(screen)
    assert declared(screen) <= taken_at(step)


def test_every_step_of_every_service_has_a_screen() -> None:
    assert {step for flow in FLOWS.values() for step in flow} | {Step.FRAUD_WARNING} == set(Step)
    for step in Step:
        assert issubclass(screen_for(step), StepScreen)
