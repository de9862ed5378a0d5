"""The visit as a state machine: which step comes next, and what each step may hand back.

Screens never write the visit; they hand a result (kiosk/visit/results.py) to
`VisitMachine.apply`, which checks it is the result the current step produces,
checks what must already be true for it (the guards), records it and moves on.
A result out of order is a programming error (`OutOfOrder`), never a customer's:
the App treats it as any unexpected error (home, apology, audit entry). So is a
result the service's own state has no place for (a password in a 폐기 visit): each
family of services keeps its own typed state (kiosk/visit/session.py).

Plain Python without Textual, so the order of every service and its guards are
unit-tested without an app (tests/unit/test_visit_machine.py). The bank checks
the same facts again on its side (kiosk/bankside/visits.py): the machine keeps
the kiosk's screens in order; the bank keeps the kiosk honest.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.visit.flows import Service, Step
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
    WarningAnswered,
)
from kiosk.visit.session import (
    FilesState,
    OutOfOrder,
    RegisterState,
    RevokeState,
    Session,
    new_state,
)

# What each step hands back when it is done. Steps missing here end the visit by
# themselves (완료, and the details a 보기 service ends on).
PRODUCES: dict[Step, type[StepResult]] = {
    Step.IDENTITY: IdentityVerified,
    Step.VID_CHECK: IdentityVerified,
    Step.ACCOUNT_CHECK: IdentityVerified,
    Step.CONSENT: Agreed,
    Step.PRODUCT: ProductChosen,
    Step.CHOOSE_CERT: CertificateChosen,
    Step.OPEN_CERT: CertificateOpened,
    Step.AUTH: Authenticated,
    Step.SECURITY_MEDIUM: Authenticated,
    Step.PHONE_CHECK: Authenticated,
    Step.MEDIUM: MediumChosen,
    Step.PASSWORD: PasswordSet,
    Step.CONFIRM: Issued,
    Step.REVOKE_CONFIRM: Revoked,
    Step.FIND_CERT: CertificateFound,
    Step.PICK_FILE: CertificateFound,
    Step.REGISTER_CONFIRM: Registered,
    Step.CHOOSE_REGISTERED: RegistrationChosen,
    Step.UNREGISTER_CONFIRM: Unregistered,
    Step.CHANGE_PASSWORD: FilesChanged,
    Step.COPY_TARGET: FilesChanged,
    Step.PHONE_EXPORT: FilesChanged,
    Step.PHONE_IMPORT: FilesChanged,
    Step.DELETE_CONFIRM: FilesChanged,
    Step.FIN_PIN: CloudOpened,
    Step.FIN_NEW_PIN: CloudChanged,
    Step.FIN_DELETE_CONFIRM: CloudDeleted,
    Step.FIN_CHOOSE: CloudChosen,
    Step.FRAUD_WARNING: WarningAnswered,
}


def _proven(session: Session) -> str | None:
    return None if session.customer is not None and session.rrn is not None else "identity"


def _issuable(session: Session) -> str | None:
    state = session.issuance
    missing = [
        name
        for name, value in (
            ("identity", session.customer),
            ("product", state.product),
            ("medium", state.medium),
            ("password", state.password),
        )
        if value is None
    ]
    if not session.factors:
        missing.append("extra authentication")
    return ", ".join(missing) or None


def _two_factors(session: Session) -> str | None:
    # 등록: a phone channel and a security medium (전자금융사기 예방서비스).
    if session.customer is None or session.registering.found is None:
        return "identity, certificate"
    return None if len(session.factors) >= 2 else "two extra factors"


def _reissuable(session: Session) -> str | None:
    # 재발급 asks what 등록 asks: a phone channel and a security medium.
    missing = _issuable(session)
    state = session.issuance
    if state.service is not Service.REISSUE or missing is not None:
        return missing
    if state.scam_stopped:
        return "a re-issue the customer stopped"
    return None if len(session.factors) >= 2 else "two extra factors"


def _revocable(session: Session) -> str | None:
    if session.revoking.chosen is None:
        return _proven(session) or "chosen certificate"
    if not session.factors:
        return "extra authentication"
    return _proven(session)


def _unregistrable(session: Session) -> str | None:
    return _proven(session) or (
        None if session.unregistering.registration is not None else "registration"
    )


def _deletable(session: Session) -> str | None:
    # 금융인증서 삭제: its PIN opened it, or the phone stood in for a forgotten PIN.
    if session.cloud.opened is None and not session.factors:
        return "PIN or phone"
    return _proven(session)


# Results a step may hand back instead, in one service: a screen standing in for
# the step's own (휴대폰 본인인증 for a forgotten PIN at 금융인증서 삭제).
INSTEAD: dict[tuple[Service, Step], type[StepResult]] = {
    (Service.FIN_DELETE, Step.FIN_PIN): Authenticated,
    # 타행 이용 등록: the PIN signs the bank's challenge and the bank registers at once.
    (Service.FIN_REGISTER, Step.FIN_PIN): CloudChanged,
}


# What must already be true before a result is taken (beyond its place in the order).
GUARDS: dict[type[StepResult], Callable[[Session], str | None]] = {
    Issued: _reissuable,
    Revoked: _revocable,
    Registered: _two_factors,
    Unregistered: _unregistrable,
    CloudChanged: _proven,
    CloudDeleted: _deletable,
    CloudOpened: _proven,
    CloudChosen: lambda s: _proven(s) or (None if s.factors else "phone"),
}


class VisitMachine:
    """One service in progress, from its first step to its last."""

    def __init__(self, service: Service, visit: str) -> None:
        # The state of the service's family: what its results are recorded in.
        self.session = Session(service=service, visit=visit, state=new_state(service))

    @property
    def step(self) -> Step | None:
        return self.session.step

    @property
    def finished(self) -> bool:
        """At the last step (완료, or the details a 보기 service ends on)."""
        steps = self.session.steps
        return self.session.step is steps[-1]

    def apply(self, result: StepResult) -> Step:
        """Record `result` of the current step; the step that comes next."""
        step = self.session.step
        expected = None if step is None else PRODUCES.get(step)
        service = self.session.service
        instead = None if step is None or service is None else INSTEAD.get((service, step))
        if expected is None or not isinstance(result, (expected, instead or expected)):
            raise OutOfOrder(f"{type(result).__name__} at {step}")
        guard = GUARDS.get(type(result))
        missing = None if guard is None else guard(self.session)
        if missing is not None:
            raise OutOfOrder(f"{type(result).__name__} before {missing}")
        _record(self.session, result)
        self.session.step_index += 1
        following = self.session.step
        assert following is not None  # every flow ends on a step that produces nothing
        return following

    def back(self) -> Step | None:
        """One step back; None from the first step or from 완료 (the customer goes
        home). The details a 보기 service ends on go back to the choice of file.
        What later steps recorded is kept until they hand back a new result, as
        the screens left on the stack show it."""
        step = self.session.step
        if step is None or self.session.step_index == 0 or step is Step.RESULT:
            return None
        self.session.step_index -= 1
        return self.session.step


def _record(session: Session, result: StepResult) -> None:
    """Write `result` where its service keeps it: the common part of the visit, or
    the service family's own state (OutOfOrder, before anything is written, where
    that state has no place for it)."""
    match result:
        case IdentityVerified(customer=customer, rrn=rrn):
            session.customer, session.rrn = customer, rrn
        case Agreed():
            session.agreed = True
        case ProductChosen(product=product):
            session.issuance.product = product
        case CertificateChosen(chosen=chosen, warning=warning):
            # 폐기's certificate; the bank's fraud rule holds only a 재발급 (issuance).
            if isinstance(session.state, RevokeState) and warning is None:
                session.state.chosen = chosen
                return
            issuing = session.issuance
            issuing.chosen, issuing.product = chosen, chosen.product
            issuing.fraud_warning, issuing.warning_answer = warning, None
        case WarningAnswered(stopped=stopped):
            session.issuance.warning_answer = "stopped" if stopped else "continued"
        case CertificateOpened(opened=opened, password=password):
            issuing = session.issuance
            issuing.opened = opened
            issuing.product = opened.record.product
            issuing.medium = opened.found.medium
            issuing.password = password
        case Authenticated(method=method):
            # Going back and on again re-proves the same step: counted once.
            session.factors = (*session.factors[: _factor_slot(session)], method)
        case MediumChosen(medium=medium):
            session.issuance.medium = medium
        case PasswordSet(password=password):
            session.issuance.password = password
        case Issued(issued=issued):
            issuing = session.issuance
            issuing.issued = issued
            issuing.password = None  # the key file is written: the password goes
        case Revoked(revoked=revoked):
            session.revoking.revoked = revoked
        case CertificateFound(found=found):
            state = session.state
            if not isinstance(state, (RegisterState, FilesState)):
                raise OutOfOrder(f"a certificate found in a visit for {session.service}")
            state.found = found
        case Registered(registered=registered):
            session.registering.registered = registered
        case RegistrationChosen(registration=registration):
            session.unregistering.registration = registration
        case Unregistered(unregistered=unregistered):
            session.unregistering.unregistered = unregistered
        case FilesChanged(outcome=outcome):
            session.files.outcome = outcome
        case CloudOpened(view=view, pin=pin):
            cloud = session.cloud
            cloud.opened, cloud.pin = view, pin
        case CloudChanged(result=changed, previous=previous, pin_changed=pin_changed):
            cloud = session.cloud
            cloud.result, cloud.previous = changed, previous
            cloud.pin_changed = pin_changed
            cloud.opened, cloud.pin = None, None  # not kept once done
        case CloudDeleted(result=deleted):
            session.cloud.result = deleted
        case CloudChosen(challenge=challenge):
            session.cloud.chosen = challenge


def _factor_slot(session: Session) -> int:
    """How many factors the steps before this one proved."""
    factor_steps = (Step.AUTH, Step.SECURITY_MEDIUM, Step.PHONE_CHECK)
    return sum(1 for step in session.steps[: session.step_index] if step in factor_steps)
