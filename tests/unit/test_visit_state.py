"""Each family of services keeps its own visit state: a 폐기 visit has no password,
a 금융인증서 visit no certificate files, and a result the visit's state has no
place for is out of order, whatever step it comes at."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from kiosk.bankside.fraud import FraudWarning
from kiosk.certs.products import GENERAL_YESSIGN
from kiosk.visit.flows import Service, Step
from kiosk.visit.machine import OutOfOrder, VisitMachine, _record
from kiosk.visit.results import CertificateChosen, Issued, ProductChosen, StepResult
from kiosk.visit.session import (
    CloudState,
    FilesState,
    IssuanceState,
    RegisterState,
    RevokeState,
    ServiceState,
    Session,
    UnregisterState,
)
from tests.unit.test_visit_machine import RECORD, RESULT_FOR, STORED, walk

FAMILY: dict[Service, type[ServiceState]] = {
    Service.ISSUE: IssuanceState,
    Service.REISSUE: IssuanceState,
    Service.RENEW: IssuanceState,
    Service.REVOKE: RevokeState,
    Service.REGISTER: RegisterState,
    Service.UNREGISTER: UnregisterState,
    Service.CERT_VIEW: FilesState,
    Service.CERT_PASSWORD: FilesState,
    Service.CERT_COPY: FilesState,
    Service.CERT_DELETE: FilesState,
    Service.CERT_EXPORT: FilesState,
    Service.CERT_IMPORT: FilesState,
    Service.FIN_ISSUE: CloudState,
    Service.FIN_REISSUE: CloudState,
    Service.FIN_RENEW: CloudState,
    Service.FIN_PIN_RESET: CloudState,
    Service.FIN_VIEW: CloudState,
    Service.FIN_DELETE: CloudState,
    Service.FIN_REGISTER: CloudState,
}

# The accessor that narrows a visit to each family's state.
ACCESSOR = {
    IssuanceState: "issuance",
    RevokeState: "revoking",
    RegisterState: "registering",
    UnregisterState: "unregistering",
    FilesState: "files",
    CloudState: "cloud",
}

# The results that only one family's state has a place for, with that family.
KEPT_BY: list[tuple[Step, type[ServiceState]]] = [
    (Step.PRODUCT, IssuanceState),
    (Step.OPEN_CERT, IssuanceState),
    (Step.MEDIUM, IssuanceState),
    (Step.PASSWORD, IssuanceState),
    (Step.CONFIRM, IssuanceState),
    (Step.REVOKE_CONFIRM, RevokeState),
    (Step.REGISTER_CONFIRM, RegisterState),
    (Step.CHOOSE_REGISTERED, UnregisterState),
    (Step.UNREGISTER_CONFIRM, UnregisterState),
    (Step.CHANGE_PASSWORD, FilesState),
    (Step.FIN_PIN, CloudState),
    (Step.FIN_NEW_PIN, CloudState),
    (Step.FIN_DELETE_CONFIRM, CloudState),
    (Step.FIN_CHOOSE, CloudState),
]

WARNING = FraudWarning("070-4812-5530", dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC), 5)


def test_every_service_belongs_to_a_family() -> None:
    assert set(FAMILY) == set(Service)


@pytest.mark.parametrize("service", list(Service), ids=lambda s: s.value)
def test_each_service_starts_with_its_familys_state_and_no_other(service: Service) -> None:
    session = VisitMachine(service, "visit-1").session
    family = FAMILY[service]
    assert type(session.state) is family
    assert getattr(session, ACCESSOR[family]) is session.state
    for other, accessor in ACCESSOR.items():
        if other is not family:
            with pytest.raises(OutOfOrder):
                getattr(session, accessor)


def test_the_home_screens_visit_keeps_no_service_state() -> None:
    idle = Session()
    for accessor in ACCESSOR.values():
        with pytest.raises(OutOfOrder):
            getattr(idle, accessor)
    assert idle.steps == () and not idle.scam_stopped


@pytest.mark.parametrize(("step", "family"), KEPT_BY, ids=lambda x: getattr(x, "value", ""))
def test_a_result_another_familys_state_keeps_is_out_of_order(
    step: Step, family: type[ServiceState]
) -> None:
    result: StepResult = RESULT_FOR[step]
    for service, kept in FAMILY.items():
        session = VisitMachine(service, "visit-1").session
        before = _contents(session)
        if kept is family:
            _record(session, result)  # its own family: written
            assert _contents(session) != before
            continue
        with pytest.raises(OutOfOrder):
            _record(session, result)
        assert _contents(session) == before  # nothing written before it was refused


def _contents(session: Session) -> tuple[dict[str, object], dict[str, object]]:
    """What the visit holds, secrets included (a password is kept out of repr)."""
    return dict(vars(session)), dict(vars(session.state))


def test_a_fraud_warning_at_a_revocations_choice_is_out_of_order() -> None:
    """Only 재발급 is held by the bank's fraud rule: a 폐기 has no warning step."""
    machine = walk(Service.REVOKE, until=Step.CHOOSE_CERT)
    with pytest.raises(OutOfOrder):
        machine.apply(CertificateChosen(STORED, WARNING))
    assert machine.step is Step.CHOOSE_CERT
    assert Step.FRAUD_WARNING not in machine.session.steps
    assert machine.apply(CertificateChosen(STORED)) is Step.AUTH
    assert machine.session.revoking.chosen is STORED


def test_the_issuance_state_holds_the_password_until_issued_and_never_shows_it() -> None:
    machine = walk(Service.ISSUE, until=Step.CONFIRM)
    issuing = machine.session.issuance
    assert issuing.password == "Kiosk!2026pw"
    assert "Kiosk!2026pw" not in repr(machine.session)
    machine.apply(Issued(RECORD))
    assert issuing.password is None and issuing.issued is RECORD
    renewal = walk(Service.RENEW, until=Step.CONFIRM)
    assert renewal.session.issuance.password == "Kiosk!2026pw"  # the opened certificate's
    renewal.apply(Issued(RECORD))
    assert renewal.session.issuance.password is None


def test_a_reissue_is_free_and_a_new_general_certificate_is_not() -> None:
    issue = walk(Service.ISSUE, until=Step.PRODUCT)
    issue.apply(ProductChosen(GENERAL_YESSIGN))
    assert issue.session.issuance.fee == GENERAL_YESSIGN.fee_won > 0
    reissue = walk(Service.REISSUE, until=Step.CHOOSE_CERT)
    reissue.apply(CertificateChosen(SimpleNamespace(product=GENERAL_YESSIGN, serial=8)))  # type: ignore[arg-type]
    assert reissue.session.issuance.product is GENERAL_YESSIGN
    assert reissue.session.issuance.fee == 0
