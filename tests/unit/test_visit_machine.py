"""The visit machine, without an app: every service's order, its guards, going back."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from kiosk.certs.products import BANK_USE, GENERAL_YESSIGN
from kiosk.terminal.media import Medium
from kiosk.visit.flows import FLOWS, AuthMethod, Service, Step
from kiosk.visit.machine import PRODUCES, OutOfOrder, VisitMachine
from kiosk.visit.results import (
    Agreed,
    Authenticated,
    CertificateChosen,
    CertificateFound,
    CertificateOpened,
    CloudChanged,
    CloudChosen,
    CloudDeleted,
    CloudOpened,
    FilesChanged,
    IdentityVerified,
    Issued,
    MediumChosen,
    PasswordSet,
    ProductChosen,
    Registered,
    RegistrationChosen,
    Revoked,
    StepResult,
    Unregistered,
)

# Stand-ins for the records results carry: the machine reads only these attributes.
CUSTOMER: Any = SimpleNamespace(id=1, name="김민준")
RRN: Any = SimpleNamespace(digits="8503151234566")
STORED: Any = SimpleNamespace(product=BANK_USE, serial=7)
OPENED: Any = SimpleNamespace(
    record=SimpleNamespace(product=GENERAL_YESSIGN), found=SimpleNamespace(medium=Medium.USB)
)
RECORD: Any = SimpleNamespace(serial=9)

# One result for every step that produces one, as its screen would hand it back.
RESULT_FOR: dict[Step, StepResult] = {
    Step.IDENTITY: IdentityVerified(CUSTOMER, RRN),
    Step.VID_CHECK: IdentityVerified(CUSTOMER, RRN),
    Step.ACCOUNT_CHECK: IdentityVerified(CUSTOMER, RRN),
    Step.CONSENT: Agreed(),
    Step.PRODUCT: ProductChosen(BANK_USE),
    Step.CHOOSE_CERT: CertificateChosen(STORED),
    Step.OPEN_CERT: CertificateOpened(OPENED, "Kiosk!2026pw"),
    Step.AUTH: Authenticated(AuthMethod.SMS),
    Step.SECURITY_MEDIUM: Authenticated(AuthMethod.OTP),
    Step.PHONE_CHECK: Authenticated(AuthMethod.SMS),
    Step.MEDIUM: MediumChosen(Medium.HARD_DISK),
    Step.PASSWORD: PasswordSet("Kiosk!2026pw"),
    Step.CONFIRM: Issued(RECORD),
    Step.REVOKE_CONFIRM: Revoked(STORED),
    Step.FIND_CERT: CertificateFound(RECORD),
    Step.PICK_FILE: CertificateFound(RECORD),
    Step.REGISTER_CONFIRM: Registered(RECORD),
    Step.CHOOSE_REGISTERED: RegistrationChosen(RECORD),
    Step.UNREGISTER_CONFIRM: Unregistered(RECORD),
    Step.CHANGE_PASSWORD: FilesChanged(RECORD),
    Step.COPY_TARGET: FilesChanged(RECORD),
    Step.DELETE_CONFIRM: FilesChanged(RECORD),
    Step.PHONE_EXPORT: FilesChanged(RECORD),
    Step.PHONE_IMPORT: FilesChanged(RECORD),
    Step.FIN_PIN: CloudOpened(RECORD, "135791"),
    Step.FIN_NEW_PIN: CloudChanged(RECORD, None, pin_changed=True),
    Step.FIN_DELETE_CONFIRM: CloudDeleted(RECORD),
    Step.FIN_CHOOSE: CloudChosen(RECORD),
}


def walk(service: Service, until: Step | None = None) -> VisitMachine:
    """Through `service` with each step's result, up to `until` (or its last step)."""
    machine = VisitMachine(service, "visit-1")
    while machine.step is not until and not machine.finished:
        step = machine.step
        assert step is not None
        following = machine.apply(RESULT_FOR[step])
        assert following is machine.step
    return machine


@pytest.mark.parametrize("service", list(Service), ids=lambda s: s.value)
def test_every_service_runs_in_its_order_to_its_last_step(service: Service) -> None:
    machine = walk(service)
    assert machine.finished
    assert machine.step is FLOWS[service][-1]
    assert machine.step not in PRODUCES  # the last step hands back nothing: it ends the visit


@pytest.mark.parametrize("service", list(Service), ids=lambda s: s.value)
def test_a_result_out_of_order_is_refused_and_changes_nothing(service: Service) -> None:
    machine = VisitMachine(service, "visit-1")
    first = machine.step
    wrong = next(r for step, r in RESULT_FOR.items() if not isinstance(r, PRODUCES[first]))  # type: ignore[index]
    before = repr(machine.session)
    with pytest.raises(OutOfOrder):
        machine.apply(wrong)
    assert machine.step is first
    assert repr(machine.session) == before


def test_a_finished_service_takes_no_more_results() -> None:
    machine = walk(Service.ISSUE)
    with pytest.raises(OutOfOrder):
        machine.apply(Issued(RECORD))


def test_issuing_needs_everything_before_it() -> None:
    machine = walk(Service.ISSUE, until=Step.CONFIRM)
    machine.session.factors = ()  # as if 추가인증 had never been passed
    with pytest.raises(OutOfOrder, match="extra authentication"):
        machine.apply(Issued(RECORD))
    machine.session.factors = (AuthMethod.SMS,)
    machine.session.issuance.password = None
    with pytest.raises(OutOfOrder, match="password"):
        machine.apply(Issued(RECORD))


def test_registration_needs_two_factors_and_going_back_does_not_count_one_twice() -> None:
    machine = walk(Service.REGISTER, until=Step.REGISTER_CONFIRM)
    assert machine.session.factors == (AuthMethod.SMS, AuthMethod.OTP)
    assert machine.back() is Step.SECURITY_MEDIUM
    assert machine.back() is Step.AUTH
    machine.apply(Authenticated(AuthMethod.ARS))  # the phone step again, by ARS this time
    assert machine.session.factors == (AuthMethod.ARS,)  # not SMS, OTP and ARS
    machine.session.step_index += 1  # a screen skipping the security medium
    with pytest.raises(OutOfOrder, match="two extra factors"):
        machine.apply(Registered(RECORD))


def test_revoking_and_the_cloud_need_the_customer_proven() -> None:
    machine = walk(Service.REVOKE, until=Step.REVOKE_CONFIRM)
    machine.session.customer = None
    with pytest.raises(OutOfOrder, match="identity"):
        machine.apply(Revoked(STORED))
    cloud = walk(Service.FIN_DELETE, until=Step.FIN_DELETE_CONFIRM)
    cloud.session.rrn = None
    with pytest.raises(OutOfOrder, match="identity"):
        cloud.apply(CloudDeleted(RECORD))


def test_back_goes_one_step_and_home_from_the_first_and_from_the_result() -> None:
    machine = VisitMachine(Service.ISSUE, "visit-1")
    assert machine.back() is None  # 본인확인 is first: home
    machine = walk(Service.ISSUE, until=Step.MEDIUM)
    assert machine.back() is Step.AUTH
    assert machine.back() is Step.PRODUCT
    machine.apply(ProductChosen(GENERAL_YESSIGN))  # the customer changes the product
    assert machine.session.issuance.product is GENERAL_YESSIGN
    assert walk_on(machine) is Step.RESULT
    assert machine.back() is None  # 완료: home


def walk_on(machine: VisitMachine) -> Step | None:
    while not machine.finished:
        step = machine.step
        assert step is not None
        machine.apply(RESULT_FOR[step])
    return machine.step


def test_the_details_a_view_ends_on_go_back_to_the_choice_of_file() -> None:
    machine = walk(Service.CERT_VIEW)
    assert machine.step is Step.CERT_DETAILS
    assert machine.back() is Step.PICK_FILE


def test_secrets_are_dropped_once_their_step_is_done() -> None:
    machine = walk(Service.ISSUE, until=Step.CONFIRM)
    assert machine.session.issuance.password == "Kiosk!2026pw"
    machine.apply(Issued(RECORD))
    assert machine.session.issuance.password is None  # the key file is written
    renew = walk(Service.FIN_RENEW, until=Step.FIN_NEW_PIN)
    assert renew.session.cloud.pin == "135791"
    renew.apply(CloudChanged(RECORD, RECORD, pin_changed=False))
    assert renew.session.cloud.pin is None and renew.session.cloud.opened is None


def test_each_result_lands_where_the_later_steps_read_it() -> None:
    renewal = walk(Service.RENEW, until=Step.VID_CHECK)
    assert renewal.session.issuance.product is GENERAL_YESSIGN  # from the certificate opened
    assert renewal.session.issuance.medium is Medium.USB
    reissue = walk(Service.REISSUE, until=Step.AUTH)
    assert (
        reissue.session.issuance.chosen is STORED and reissue.session.issuance.product is BANK_USE
    )


def test_reissue_and_revoke_ask_for_their_extra_factors() -> None:
    """재발급: a phone channel, then a security medium; 폐기: 추가인증 before the reason."""
    assert FLOWS[Service.REISSUE][3:5] == (Step.AUTH, Step.SECURITY_MEDIUM)
    assert FLOWS[Service.REVOKE][2:4] == (Step.AUTH, Step.REVOKE_CONFIRM)
    walk(Service.REISSUE)
    walk(Service.REVOKE)


def test_the_phone_stands_in_for_the_pin_only_when_deleting() -> None:
    deleting = walk(Service.FIN_DELETE, Step.FIN_PIN)
    assert deleting.apply(Authenticated(AuthMethod.SMS)) is Step.FIN_DELETE_CONFIRM
    assert deleting.apply(CloudDeleted(RECORD)) is Step.RESULT
    viewing = walk(Service.FIN_VIEW, Step.FIN_PIN)
    with pytest.raises(OutOfOrder):
        viewing.apply(Authenticated(AuthMethod.SMS))
