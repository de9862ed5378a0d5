"""The kiosk's side of the HTTP bank: the same calls as the embedded BankService.

`RemoteService` answers every public method of the service class it stands for,
by posting the arguments to `kiosk bank serve` and decoding the result with the
service's own annotations (kiosk/bankside/wire.py). The standard library's
http.client keeps this light: nothing loads before the first call."""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

from kiosk.bankside import wire
from kiosk.core.i18n import current_language
from kiosk.core.refusal import RefusalCode, Refused

TIMEOUT_SECONDS = 15.0
# A kept-alive connection idle this long is replaced before use: well inside the
# bank's keep-alive (aiohttp closes idle ones after 75 s), so a connection that
# fails mid-request means the bank failed, never that it had hung up while idle.
FRESH_FOR_SECONDS = 30.0


class BankUnreachable(Refused):
    """The bank did not answer (network, timeout, server error): nothing was done
    that the kiosk was told about, and it can try again later."""

    def __init__(self) -> None:
        super().__init__(
            RefusalCode.BANK_UNREACHABLE,
            "은행 서버에 연결할 수 없습니다. 잠시 후 다시 이용해 주세요.",
        )


class KioskNotAdmitted(Refused):
    """The bank does not know this kiosk's token: no request will do until staff admit it."""

    def __init__(self) -> None:
        super().__init__(
            RefusalCode.KIOSK_NOT_ADMITTED,
            "이 키오스크는 은행에 등록되어 있지 않습니다. 직원을 불러 주세요.",
        )


class RemoteService:
    def __init__(
        self,
        url: str,
        token: str,
        area: str,
        service_class: type[Any],
        timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
        self._scheme = parsed.scheme
        self._host = parsed.hostname
        self._port = parsed.port
        self._prefix = parsed.path.rstrip("/")
        self._token = token
        self._area = area
        self._operations = wire.operations(service_class)
        self._timeout = timeout
        self._local = threading.local()  # one connection per thread (UI, workers)

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = self._operations.get(name)
        if method is None:
            raise AttributeError(name)

        def call(*args: Any, **kwargs: Any) -> Any:
            return self._call(name, method, args, kwargs)

        return call

    def _connection(self) -> http.client.HTTPConnection:
        connection: http.client.HTTPConnection | None = getattr(self._local, "connection", None)
        idle = time.monotonic() - getattr(self._local, "last_used", 0.0)
        if connection is not None and idle > FRESH_FOR_SECONDS:
            self._drop()
            connection = None
        if connection is None:
            kind = (
                http.client.HTTPSConnection
                if self._scheme == "https"
                else http.client.HTTPConnection
            )
            connection = kind(self._host, self._port, timeout=self._timeout)
            self._local.connection = connection
        return connection

    def _drop(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
        self._local.connection = None

    def _post(self, path: str, body: bytes) -> tuple[int, bytes]:
        headers = {
            "Authorization": f"Bearer {self._token}",
            "Content-Type": "application/json",
            "Accept-Language": current_language().value,
        }
        connection = self._connection()
        try:
            connection.request("POST", path, body, headers)
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            # Never sent again by itself: the bank may have done it (a counted
            # wrong try, a signature) before the answer was lost.
            self._drop()
            raise BankUnreachable() from None
        self._local.last_used = time.monotonic()
        return response.status, data

    def _call(
        self, name: str, method: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        body = json.dumps(wire.encode_call(method, args, kwargs)).encode("utf-8")
        status, data = self._post(f"{self._prefix}/api/{self._area}/{name}", body)
        if status == 401:
            raise KioskNotAdmitted()
        try:
            answer = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise BankUnreachable() from None
        if status == 422 and isinstance(answer, dict) and "refused" in answer:
            raise wire.decode_refusal(answer["refused"])
        if status != 200 or not isinstance(answer, dict) or "result" not in answer:
            raise BankUnreachable()
        try:
            return wire.decode(answer["result"], wire.hints(method).get("return"))
        except wire.WireError:
            raise BankUnreachable() from None
