"""One visit: who the customer is, which service, and the choices so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.customers import Customer
from kiosk.flows import FLOWS, Service, Step
from kiosk.issuance import IssuedCertificate
from kiosk.media import Medium
from kiosk.products import Product
from kiosk.rrn import Rrn


@dataclass(frozen=True)
class Refusal:
    step: Step | None
    code: str
    message: str


@dataclass
class Session:
    service: Service | None = None
    step_index: int = 0
    customer: Customer | None = None
    rrn: Rrn | None = None
    product: Product | None = None
    auth_method: str | None = None
    authenticated: bool = False
    medium: Medium | None = None
    # Held in memory only between the password step and issuance, then dropped.
    password: str | None = field(default=None, repr=False)
    pay_account: str | None = None
    issued: IssuedCertificate | None = None
    last_refusal: Refusal | None = None

    @property
    def steps(self) -> tuple[Step, ...]:
        return () if self.service is None else FLOWS[self.service]

    @property
    def step(self) -> Step | None:
        steps = self.steps
        return steps[self.step_index] if 0 <= self.step_index < len(steps) else None
