"""The class dashboard on the web: served by the bank (`kiosk bank serve`) and by
the browser room (`kiosk serve`, whose bank is embedded).

- GET /class?key=KEY: every kiosk (terminal or browser tab) of today's session,
  live: the page asks /api/class again every two seconds;
- GET /class/report?key=KEY[&session=YYYY-MM-DD]: the session's report, one
  printed page per learner (print CSS);
- GET /api/class with `Authorization: Bearer KEY`: the same data as JSON.

KEY is a kiosk token of that bank, a trainer's token (`kiosk bank add-trainer`)
or, in the browser room, the trainer key the room prints at start; anything else
gets 401. `&lang=en` for English pages."""

from __future__ import annotations

import datetime as dt
import hmac
import html
import json
from collections.abc import Callable
from typing import Any

from aiohttp import web

from kiosk.bankside.bank import Bank
from kiosk.bankside.classroom import (
    ClassBoard,
    LearnerResult,
    StationView,
    StepRecord,
    StoredResult,
)
from kiosk.bankside.kiosk_tokens import KioskTokens, TrainerTokens
from kiosk.core.i18n import Language, current_language, set_language, tr
from kiosk.visit.flows import Service, Step

POLL_MILLISECONDS = 2000


def _service_name(code: str) -> str:
    try:
        return Service(code).label
    except ValueError:
        return code


def _step_name(code: str) -> str:
    try:
        return Step(code).label
    except ValueError:
        return code


def _mode_name(mode: str) -> str:
    words = {
        "free": "자유 이용",
        "demo": "시연",
        "guided": "안내",
        "practice": "연습",
        "test": "평가",
    }
    return tr(words[mode]) if mode in words else mode


def class_data(bank: Bank, session: str | None = None) -> dict[str, Any]:
    """What /api/class answers: the session's kiosks and where each learner is."""
    board = ClassBoard(bank.store, bank.clock)
    now = bank.clock.now()
    results = board.results(session)
    latest = {stored.station: stored for stored in results}
    return {
        "session": session or board.session(),
        "now": now.isoformat(timespec="seconds"),
        "kiosks": [
            _station(view, now, latest.get(view.station)) for view in board.stations(session)
        ],
        "results": [_result(stored) for stored in results],
    }


def result_words(result: LearnerResult) -> str:
    """A learner's result in a cell: completed or not, time, errors by kind."""
    kinds = (
        ("wrong_step", "다른 단계"),
        ("input_error", "입력 오류"),
        ("timeout", "시간 초과"),
        ("gave_up", "중단"),
    )
    counts = ", ".join(
        f"{tr(word)} {result.count(kind)}" for kind, word in kinds if result.count(kind)
    )
    done = tr("완료") if result.completed else tr("미완료")
    words = tr(
        "{done} · {seconds}초 · 오류 {errors}회",
        done=done,
        seconds=result.seconds,
        errors=len(result.errors),
    )
    return f"{words} ({counts})" if counts else words


def _result(stored: StoredResult) -> dict[str, Any]:
    return {
        "station": stored.station,
        "kiosk": stored.kiosk_id,
        "finished_at": stored.finished_at.isoformat(timespec="seconds"),
        "mode_name": _mode_name(stored.result.mode),
        "summary": result_words(stored.result),
        **stored.result.as_json(),
    }


def _station(view: StationView, now: dt.datetime, result: StoredResult | None) -> dict[str, Any]:
    status = view.status
    return {
        "station": view.station,
        "kiosk": view.kiosk_id,
        "learner": status.learner,
        "customer": status.customer,
        "scenario": status.scenario,
        "mode": status.mode,
        "mode_name": _mode_name(status.mode),
        "service": status.service,
        "service_name": _service_name(status.service) if status.service else tr("처음 화면"),
        "step": status.step,
        "step_name": _step_name(status.step) if status.step else "",
        "seconds_in_step": view.seconds_in_step(now),
        "errors": status.errors,
        "updated_at": view.updated_at.isoformat(timespec="seconds"),
        # The learner's last scored run at this kiosk (guided, practice, test).
        "result": None if result is None else _result(result),
        "result_summary": "" if result is None else result_words(result.result),
    }


def _key_of(request: web.Request, *, query: bool) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.query.get("key", "").strip() if query else ""


def reader_allowed(bank: Bank, key: str, room_key: str | None = None) -> bool:
    """A kiosk of this bank, a trainer of it, or the room's own trainer key."""
    if not key:
        return False
    if room_key is not None and hmac.compare_digest(key.encode(), room_key.encode()):
        return True
    if KioskTokens(bank.store, bank.clock).kiosk_for(key) is not None:
        return True
    return TrainerTokens(bank.store, bank.clock).trainer_for(key) is not None


def _language(request: web.Request) -> Language:
    return Language.ENGLISH if request.query.get("lang") == "en" else Language.KOREAN


_STYLE = """
body { font-family: 'NanumGothicCoding', 'Noto Sans CJK KR', sans-serif; margin: 1.5em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #555; padding: 0.3em 0.6em; text-align: left; }
th { background: #e8e8e8; }
.errors { font-weight: bold; }
@media print {
  body { margin: 0; }
  .no-print { display: none; }
  section.learner { break-after: page; page-break-after: always; }
  section.learner:last-of-type { break-after: auto; page-break-after: auto; }
}
"""


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="{current_language().value}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )


_COLUMNS = (
    ("kiosk", "키오스크"),
    ("learner", "학습자"),
    ("customer", "고객"),
    ("scenario", "시나리오"),
    ("mode_name", "방식"),
    ("service_name", "업무"),
    ("step_name", "현재 단계"),
    ("seconds_in_step", "단계 시간(초)"),
    ("errors", "오류"),
    ("result_summary", "결과"),
)


def dashboard_html(data: dict[str, Any], key: str) -> str:
    headings = "".join(f"<th>{html.escape(tr(word))}</th>" for _, word in _COLUMNS)
    fields = json.dumps([field for field, _ in _COLUMNS])
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(kiosk[f]))}</td>" for f, _ in _COLUMNS) + "</tr>"
        for kiosk in data["kiosks"]
    )
    script = f"""
<script>
const key = {json.dumps(key)};
const fields = {fields};
async function poll() {{
  try {{
    const answer = await fetch('/api/class', {{headers: {{Authorization: 'Bearer ' + key}}}});
    if (answer.ok) {{
      const data = await answer.json();
      const body = document.getElementById('kiosks');
      body.replaceChildren(...data.kiosks.map(kiosk => {{
        const row = document.createElement('tr');
        for (const field of fields) {{
          const cell = document.createElement('td');
          cell.textContent = String(kiosk[field]);
          row.appendChild(cell);
        }}
        return row;
      }}));
      document.getElementById('count').textContent = String(data.kiosks.length);
    }}
  }} finally {{ setTimeout(poll, {POLL_MILLISECONDS}); }}
}}
setTimeout(poll, {POLL_MILLISECONDS});
</script>"""
    report = f"/class/report?key={html.escape(key)}&amp;lang={current_language().value}"
    body = (
        f"<h1>{html.escape(tr('교실 현황'))} · {html.escape(data['session'])}</h1>"
        f'<p>{html.escape(tr("키오스크"))}: <span id="count">{len(data["kiosks"])}</span> · '
        f'<a href="{report}">{html.escape(tr("수업 보고서 (인쇄용)"))}</a></p>'
        f'<table><thead><tr>{headings}</tr></thead><tbody id="kiosks">{rows}</tbody></table>'
        f"{script}"
    )
    return _page(tr("교실 현황"), body)


def _learners(steps: list[StepRecord]) -> dict[str, list[StepRecord]]:
    """Steps per learner: the learner's name, or the kiosk (tab) without one."""
    grouped: dict[str, list[StepRecord]] = {}
    for step in steps:
        who = step.learner or tr("키오스크 {station}", station=step.station)
        grouped.setdefault(who, []).append(step)
    return grouped


def report_html(bank: Bank, session: str | None = None) -> str:
    board = ClassBoard(bank.store, bank.clock)
    session = session or board.session()
    updated = {view.station: view.updated_at for view in board.stations(session)}
    results = board.results(session)
    sections = []
    for who, steps in _learners(board.steps(session)).items():
        rows = []
        for index, step in enumerate(steps):
            later = [s for s in steps[index + 1 :] if s.station == step.station]
            until = later[0].started_at if later else updated.get(step.station, step.started_at)
            seconds = max(0, int((until - step.started_at).total_seconds()))
            cells = (
                f"{step.started_at:%H:%M:%S}",
                step.scenario or "-",
                _mode_name(step.mode),
                _service_name(step.service),
                _step_name(step.step),
                str(seconds),
                str(step.errors),
            )
            rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        headings = "".join(
            f"<th>{html.escape(tr(word))}</th>"
            for word in ("시각", "시나리오", "방식", "업무", "단계", "걸린 시간(초)", "오류")
        )
        done = sum(1 for step in steps if step.step == Step.RESULT.value)
        errors = max((step.errors for step in steps), default=0)
        runs = results_html(
            [
                r
                for r in results
                if (r.result.learner or tr("키오스크 {station}", station=r.station)) == who
            ]
        )
        sections.append(
            '<section class="learner">'
            f"<h1>{html.escape(tr('수업 보고서'))} · {html.escape(session)}</h1>"
            f"<h2>{html.escape(who)}</h2>"
            f"<p>{html.escape(tr('완료한 업무 {done}건 · 오류 {errors}회', done=done, errors=errors))}</p>"
            f"<table><thead><tr>{headings}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f"{runs}</section>"
        )
    if not sections:
        sections.append(f"<p>{html.escape(tr('이 수업에 기록된 학습이 없습니다.'))}</p>")
    return _page(tr("수업 보고서"), "".join(sections))


def results_html(results: list[StoredResult]) -> str:
    """A learner's scored runs: scenario, mode, result, and each step's time and errors."""
    if not results:
        return ""
    headings = "".join(
        f"<th>{html.escape(tr(word))}</th>"
        for word in ("시각", "시나리오", "방식", "결과", "단계별 시간(초)·오류")
    )
    rows = []
    for stored in results:
        result = stored.result
        steps = ", ".join(
            f"{_step_name(step.step)} {step.seconds}"
            + (f" ({tr('오류 {errors}회', errors=step.errors)})" if step.errors else "")
            for step in result.steps
        )
        cells = (
            f"{stored.finished_at:%H:%M:%S}",
            result.scenario,
            _mode_name(result.mode),
            result_words(result),
            steps or "-",
        )
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    return (
        f"<h3>{html.escape(tr('학습 결과'))}</h3>"
        f'<table class="results"><thead><tr>{headings}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _unauthorized(request: web.Request) -> web.Response:
    if request.path.startswith("/api/"):
        return web.json_response({"error": "a kiosk or trainer token is required"}, status=401)
    body = (
        f"<h1>{html.escape(tr('교실 현황'))}</h1>"
        f"<p>{html.escape(tr('강사 키가 필요합니다: kiosk bank add-trainer 로 받은 키를 ?key= 로 붙여 주세요.'))}</p>"
    )
    return web.Response(text=_page(tr("교실 현황"), body), content_type="text/html", status=401)


def add_routes(
    app: web.Application, bank_of: Callable[[web.Request], Bank], room_key: str | None = None
) -> None:
    """The dashboard's three addresses on `app` (the bank's or the room's server)."""

    async def api(request: web.Request) -> web.StreamResponse:
        bank = bank_of(request)
        if not reader_allowed(bank, _key_of(request, query=False), room_key):
            return _unauthorized(request)
        return web.json_response(class_data(bank, request.query.get("session")))

    def page(render: Callable[[Bank, web.Request, str], str]) -> Any:
        async def handler(request: web.Request) -> web.StreamResponse:
            bank = bank_of(request)
            key = _key_of(request, query=True)
            before = current_language()
            set_language(_language(request))
            try:
                if not reader_allowed(bank, key, room_key):
                    return _unauthorized(request)
                text = render(bank, request, key)
            finally:
                set_language(before)
            return web.Response(text=text, content_type="text/html")

        return handler

    app.router.add_get("/api/class", api)
    app.router.add_get(
        "/class",
        page(lambda bank, request, key: dashboard_html(class_data(bank), key)),
    )
    app.router.add_get(
        "/class/report",
        page(lambda bank, request, key: report_html(bank, request.query.get("session"))),
    )
