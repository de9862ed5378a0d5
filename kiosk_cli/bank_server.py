"""The bank as an HTTP service (`kiosk bank serve`): the same BankService behind it.

- POST /api/bank/{operation} and /api/devices/{operation}: a JSON object of the
  operation's arguments in, `{"result": ...}` or `{"refused": ...}` out; every
  call carries `Authorization: Bearer TOKEN` of a kiosk added with
  `kiosk bank add-kiosk`.
- GET /pki/ and the files it lists: the CA certificates and CRLs (DER), public as
  a CA's repository is.

All state is in the database, nothing is kept between requests, so several bank
processes can serve one fleet. A request the bank cannot make sense of gets a 4xx
with a JSON error; anything unexpected a 500 with a JSON error, never a traceback."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from kiosk.bankside import wire
from kiosk.bankside.bank import Bank
from kiosk.bankside.devices import CustomerDevices
from kiosk.bankside.kiosk_tokens import KioskTokens
from kiosk.bankside.service import BankService
from kiosk.core.i18n import Language, set_language
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.factors.auth import SendRefused
from kiosk.training.stages import TrainingDesk
from kiosk_cli import class_pages
from kiosk_cli.arguments import cannot_listen

log = logging.getLogger("kiosk.bankside.bank")

MAX_REQUEST_BYTES = 256 * 1024  # a certificate request is under 2 KB
# How often the bank does its time-driven work: CRLs due (kiosk.npki.crl_schedule;
# a minute is far inside the hours a CRL is republished before its nextUpdate) and
# expiry reminders due (kiosk.bankside.reminders), even when no kiosk asks anything.
HOUSEKEEPING_SECONDS = 60
_SERVICES: dict[str, type[Any]] = {
    "bank": BankService,
    "devices": CustomerDevices,
    "training": TrainingDesk,
}
_BANK = web.AppKey("bank", Bank)
_TRAINING = web.AppKey("training", bool)
_OPERATIONS = {name: wire.operations(cls) for name, cls in _SERVICES.items()}


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


@web.middleware
async def _errors_as_json(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        return _error(error.status, error.reason)
    except Exception:
        # The bank service's guard, as the App is the kiosk's: the one place an
        # unexpected error is caught. Logged with its traceback here; the client
        # learns only that the request failed (a rolled-back transaction).
        log.exception("request %s %s failed", request.method, request.path)
        return _error(500, "internal error")


def _training_only(area: str, name: str) -> bool:
    """What only a training room's bank answers: the trainer's staging desk; moving
    the bank's clock (codes, calls and certificates would expire for every kiosk it
    serves); and the simulated customers' phones and tokens (`kiosk phone`, F7),
    whose SMS, OTP and card codes would let any kiosk pass 추가인증 for anyone."""
    return area in ("training", "devices") or (area, name) == ("bank", "advance_clock")


def _kiosk_of(request: web.Request, bank: Bank) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    name = None
    if scheme.lower() == "bearer" and token:
        name = KioskTokens(bank.store, bank.clock).kiosk_for(token.strip())
    if name is None:
        bank.audit.record("bank_api", "refused", reason="unknown_kiosk_token", kiosk_id="?")
        raise web.HTTPUnauthorized(reason="a valid kiosk token is required")
    return name


async def _call(request: web.Request) -> web.Response:
    bank = request.app[_BANK]
    area, name = request.match_info["area"], request.match_info["operation"]
    kiosk = _kiosk_of(request, bank)
    method = _OPERATIONS.get(area, {}).get(name)
    if method is None:
        return _error(404, f"no operation {area}/{name}")
    if _training_only(area, name) and not request.app[_TRAINING]:
        bank.audit.record(
            "bank_api", "refused", reason=f"training_disabled {area}/{name}", kiosk_id=kiosk
        )
        refusal = Refused(
            RefusalCode.TRAINING_DISABLED,
            "교육용 기능은 이 은행 서비스에서 꺼져 있습니다(kiosk bank serve --training).",
        )
        return web.json_response({"refused": wire.encode_refusal(refusal)}, status=422)
    try:
        body = await request.json()
        arguments = wire.decode_call(method, body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _error(400, "the body is not JSON")
    except wire.WireError as error:
        return _error(400, f"bad arguments: {error}")
    # What the bank writes for the customer (an SMS) is in the visit's language;
    # refusals are not worded here but travel as data, for the kiosk to word.
    # Requests run one at a time per process (no await while the service runs).
    language = request.headers.get("Accept-Language", "ko")[:2]
    set_language(Language.ENGLISH if language == "en" else Language.KOREAN)
    service = BankService(bank, kiosk) if area == "bank" else _SERVICES[area](bank)
    try:
        result = method(service, **arguments)
    except (Refused, SendRefused) as refusal:
        return web.json_response({"refused": wire.encode_refusal(refusal)}, status=422)
    finally:
        set_language(Language.KOREAN)
    returns = wire.hints(method).get("return")
    return web.json_response({"result": wire.encode(result, returns)})


# --- the public repository -------------------------------------------------------


def _pki_files(data_dir: Path) -> dict[str, dict[str, Path]]:
    certificates = {
        path.name.removesuffix(".crt.pem"): path
        for path in sorted((data_dir / "ca").glob("*.crt.pem"))
    }
    crl_dir = data_dir / "crl"
    crls = {path.stem: path for path in sorted([*crl_dir.glob("*.crl"), *crl_dir.glob("*.arl")])}
    return {"certificates": certificates, "crls": crls}


async def _pki_index(request: web.Request) -> web.Response:
    files = _pki_files(request.app[_BANK].data_dir)
    base = f"{request.scheme}://{request.host}"
    return web.json_response(
        {
            "certificates": {name: f"{base}/pki/ca/{name}.der" for name in files["certificates"]},
            "crls": {name: f"{base}/pki/crl/{name}.crl" for name in files["crls"]},
        }
    )


async def _pki_file(request: web.Request) -> web.Response:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    files = _pki_files(request.app[_BANK].data_dir)
    kind, file_name = request.match_info["kind"], request.match_info["name"]
    if kind == "ca" and file_name.endswith(".der"):
        path = files["certificates"].get(file_name.removesuffix(".der"))
        if path is not None:
            cert = x509.load_pem_x509_certificate(path.read_bytes())
            return web.Response(
                body=cert.public_bytes(Encoding.DER), content_type="application/pkix-cert"
            )
    if kind == "crl" and file_name.endswith(".crl"):
        path = files["crls"].get(file_name.removesuffix(".crl"))
        if path is not None:
            return web.Response(body=path.read_bytes(), content_type="application/pkix-crl")
    return _error(404, "no such file")


async def _housekeeping_rounds(bank: Bank) -> None:
    while True:
        bank.run_timed_jobs()
        await asyncio.sleep(HOUSEKEEPING_SECONDS)


async def _housekeeping_schedule(app: web.Application) -> AsyncIterator[None]:
    task = asyncio.create_task(_housekeeping_rounds(app[_BANK]))
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def make_app(bank: Bank, *, training: bool = False) -> web.Application:
    """The bank's HTTP service; `training` opens the trainer's tools (a training
    room's bank), which a bank serving real kiosks keeps closed."""
    app = web.Application(client_max_size=MAX_REQUEST_BYTES, middlewares=[_errors_as_json])
    app[_BANK] = bank
    app[_TRAINING] = training
    app.router.add_post("/api/{area}/{operation}", _call)
    app.router.add_get("/pki/", _pki_index)
    app.router.add_get("/pki/{kind}/{name}", _pki_file)
    class_pages.add_routes(app, lambda request: request.app[_BANK])
    app.cleanup_ctx.append(_housekeeping_schedule)
    return app


def serve(bank: Bank, host: str, port: int, *, training: bool = False) -> None:
    try:
        web.run_app(
            make_app(bank, training=training), host=host, port=port, print=None, access_log=None
        )
    except OSError as error:  # binding the port: handlers' errors never reach here
        raise cannot_listen(host, port, error) from None
