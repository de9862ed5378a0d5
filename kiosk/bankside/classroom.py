"""The class dashboard's books: every kiosk of a class reports where its learner
is (scenario, mode, service, step, errors so far), and the bank keeps each step
entered, so a trainer sees the room live and prints a report per learner.

A kiosk reports itself as a *station* (one terminal or browser tab: several tabs
share one kiosk id on an embedded bank). A class session is the bank's day."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from kiosk.core.clock import Clock
from kiosk.storage.store import Store

# A kiosk's mode: a customer's own visit, a trainer's autopilot scenario (demo),
# or a learner's run of one (kiosk/training/learning.py).
MODES = ("free", "demo", "guided", "practice", "test")
LEARNER_MODES = ("guided", "practice", "test")
# How a learner's error is classified in a result.
ERROR_KINDS = ("wrong_step", "input_error", "timeout", "gave_up")


@dataclass(frozen=True)
class StationStatus:
    """What a kiosk reports, as it moves (all of it may be shown on a wall)."""

    learner: str = ""  # the learner's name, when a trainer set one
    customer: str = ""  # masked (김*준 850315-1******), never a whole number
    scenario: str = ""
    mode: str = "free"
    service: str = ""
    step: str = ""  # the step's code (identity, auth, ...); "" at home
    errors: int = 0  # refusals in this visit so far


@dataclass(frozen=True)
class StationView:
    station: str
    kiosk_id: str
    session: str
    status: StationStatus
    step_since: dt.datetime
    updated_at: dt.datetime

    def seconds_in_step(self, now: dt.datetime) -> int:
        return max(0, int((now - self.step_since).total_seconds()))


@dataclass(frozen=True)
class StepRecord:
    station: str
    learner: str
    scenario: str
    mode: str
    service: str
    step: str
    started_at: dt.datetime
    errors: int


@dataclass(frozen=True)
class StepTime:
    """One step of a learner's run: the screen's code, the seconds spent on it and
    the errors made there."""

    step: str
    seconds: int
    errors: int = 0


@dataclass(frozen=True)
class LearnerError:
    kind: str  # one of ERROR_KINDS
    step: str  # the screen's code where it happened ("" at home)
    code: str = ""  # a refusal's code, or what was expected


@dataclass(frozen=True)
class LearnerResult:
    """A learner's run of a scenario, as the bank keeps it and the report prints it."""

    learner: str
    scenario: str
    mode: str
    completed: bool
    outcome: str  # the run's outcome (issued, refused, unfinished, gave_up, timeout, ...)
    seconds: int
    steps: tuple[StepTime, ...] = ()
    errors: tuple[LearnerError, ...] = ()
    hints: int = 0

    def count(self, kind: str) -> int:
        return sum(1 for error in self.errors if error.kind == kind)

    def as_json(self) -> dict[str, object]:
        return {
            "learner": self.learner,
            "scenario": self.scenario,
            "mode": self.mode,
            "completed": self.completed,
            "outcome": self.outcome,
            "seconds": self.seconds,
            "hints": self.hints,
            "steps": [
                {"step": s.step, "seconds": s.seconds, "errors": s.errors} for s in self.steps
            ],
            "errors": [{"kind": e.kind, "step": e.step, "code": e.code} for e in self.errors],
            "error_counts": {kind: self.count(kind) for kind in ERROR_KINDS},
        }


@dataclass(frozen=True)
class StoredResult:
    station: str
    kiosk_id: str
    session: str
    finished_at: dt.datetime
    result: LearnerResult


class ClassBoard:
    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def session(self) -> str:
        return self.clock.now().date().isoformat()

    def report(self, station: str, kiosk_id: str, status: StationStatus) -> None:
        """Where `station` is now; a step it newly entered goes into the history."""
        if status.mode not in MODES:
            raise ValueError(f"unknown mode {status.mode!r}")
        now = self.clock.now().isoformat(timespec="seconds")
        session = self.session()
        # No transaction of its own: the kiosk reports from its UI thread, where a
        # worker may hold the connection's transaction (BEGIN would fail inside it).
        # Only this station's kiosk writes its row, so nothing races the read.
        db = self.store.db
        row = db.execute(
            "SELECT service, step, step_since, session FROM class_stations WHERE station = ?",
            (station,),
        ).fetchone()
        moved = row is None or (row["service"], row["step"], row["session"]) != (
            status.service,
            status.step,
            session,
        )
        since = now if moved or row is None else str(row["step_since"])
        values = (
            kiosk_id,
            session,
            status.learner,
            status.customer,
            status.scenario,
            status.mode,
            status.service,
            status.step,
            since,
            status.errors,
            now,
        )
        db.execute(
            "INSERT INTO class_stations (kiosk_id, session, learner, customer, scenario,"
            " mode, service, step, step_since, errors, updated_at, station)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (station) DO UPDATE SET kiosk_id = excluded.kiosk_id,"
            " session = excluded.session, learner = excluded.learner,"
            " customer = excluded.customer, scenario = excluded.scenario,"
            " mode = excluded.mode, service = excluded.service, step = excluded.step,"
            " step_since = excluded.step_since, errors = excluded.errors,"
            " updated_at = excluded.updated_at",
            (*values, station),
        )
        if moved and status.step:
            db.execute(
                "INSERT INTO class_steps (station, session, learner, scenario, mode,"
                " service, step, started_at, errors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    station,
                    session,
                    status.learner,
                    status.scenario,
                    status.mode,
                    status.service,
                    status.step,
                    now,
                    status.errors,
                ),
            )
        elif status.step:
            # Errors made on the step the learner is still on.
            db.execute(
                "UPDATE class_steps SET errors = ? WHERE id = (SELECT MAX(id) FROM"
                " class_steps WHERE station = ?)",
                (status.errors, station),
            )

    def stations(self, session: str | None = None) -> list[StationView]:
        """The kiosks of a session (today's by default), in the order they joined."""
        rows = self.store.db.execute(
            "SELECT * FROM class_stations WHERE session = ? ORDER BY kiosk_id, station",
            (session or self.session(),),
        ).fetchall()
        return [
            StationView(
                station=row["station"],
                kiosk_id=row["kiosk_id"],
                session=row["session"],
                status=StationStatus(
                    learner=row["learner"],
                    customer=row["customer"],
                    scenario=row["scenario"],
                    mode=row["mode"],
                    service=row["service"],
                    step=row["step"],
                    errors=int(row["errors"]),
                ),
                step_since=dt.datetime.fromisoformat(row["step_since"]),
                updated_at=dt.datetime.fromisoformat(row["updated_at"]),
            )
            for row in rows
        ]

    def record_result(self, station: str, kiosk_id: str, result: LearnerResult) -> None:
        """A learner's finished run, kept in the bank's books for the report."""
        if result.mode not in LEARNER_MODES:
            raise ValueError(f"not a learner mode {result.mode!r}")
        if any(error.kind not in ERROR_KINDS for error in result.errors):
            raise ValueError("unknown error kind")
        answer = result.as_json()
        self.store.db.execute(
            "INSERT INTO learner_results (station, kiosk_id, session, learner, scenario, mode,"
            " completed, outcome, seconds, hints, steps, errors, finished_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                station,
                kiosk_id,
                self.session(),
                result.learner,
                result.scenario,
                result.mode,
                1 if result.completed else 0,
                result.outcome,
                result.seconds,
                result.hints,
                json.dumps(answer["steps"], ensure_ascii=False),
                json.dumps(answer["errors"], ensure_ascii=False),
                self.clock.now().isoformat(timespec="seconds"),
            ),
        )

    def results(self, session: str | None = None) -> list[StoredResult]:
        """The learners' finished runs of a session (today's by default), oldest first."""
        rows = self.store.db.execute(
            "SELECT * FROM learner_results WHERE session = ? ORDER BY id",
            (session or self.session(),),
        ).fetchall()
        found = []
        for row in rows:
            steps = tuple(
                StepTime(str(s["step"]), int(s["seconds"]), int(s["errors"]))
                for s in json.loads(row["steps"])
            )
            errors = tuple(
                LearnerError(str(e["kind"]), str(e["step"]), str(e["code"]))
                for e in json.loads(row["errors"])
            )
            result = LearnerResult(
                learner=row["learner"],
                scenario=row["scenario"],
                mode=row["mode"],
                completed=bool(row["completed"]),
                outcome=row["outcome"],
                seconds=int(row["seconds"]),
                steps=steps,
                errors=errors,
                hints=int(row["hints"]),
            )
            found.append(
                StoredResult(
                    station=row["station"],
                    kiosk_id=row["kiosk_id"],
                    session=row["session"],
                    finished_at=dt.datetime.fromisoformat(row["finished_at"]),
                    result=result,
                )
            )
        return found

    def steps(self, session: str | None = None) -> list[StepRecord]:
        rows = self.store.db.execute(
            "SELECT * FROM class_steps WHERE session = ? ORDER BY id",
            (session or self.session(),),
        ).fetchall()
        return [
            StepRecord(
                station=row["station"],
                learner=row["learner"],
                scenario=row["scenario"],
                mode=row["mode"],
                service=row["service"],
                step=row["step"],
                started_at=dt.datetime.fromisoformat(row["started_at"]),
                errors=int(row["errors"]),
            )
            for row in rows
        ]
