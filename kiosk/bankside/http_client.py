"""The kiosk's side of the HTTP bank: the same calls as the embedded BankService.

`RemoteService` answers every public method of the service class it stands for,
by posting the arguments to `kiosk bank serve` and decoding the result with the
service's own annotations (kiosk/bankside/wire.py). The standard library's
http.client keeps this light: nothing loads before the first call."""

from __future__ import annotations

import http.client
import json
import threading
import urllib.parse
from collections.abc import Callable
from typing import Any

from kiosk.bankside import wire
from kiosk.i18n import current_language
from kiosk.refusal import Refused

TIMEOUT_SECONDS = 15.0


class BankUnreachable(Refused):
    """The bank did not answer (network, timeout, server error): nothing was done
    that the kiosk was told about, and it can try again later."""

    def __init__(self) -> None:
        super().__init__(
            "은행 서버에 연결할 수 없습니다. 잠시 후 다시 이용해 주세요.", "bank_unreachable"
        )


class KioskNotAdmitted(Refused):
    def __init__(self) -> None:
        super().__init__(
            "이 키오스크는 은행에 등록되어 있지 않습니다. 직원을 불러 주세요.", "kiosk_not_admitted"
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
        if connection is None:
            kind = (
                http.client.HTTPSConnection
                if self._scheme == "https"
                else http.client.HTTPConnection
            )
            connection = kind(self._host, self._port, timeout=self._timeout)
            self._local.connection = connection
            self._local.used = False
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
        for attempt in (1, 2):
            connection = self._connection()
            reused = bool(getattr(self._local, "used", False))
            try:
                connection.request("POST", path, body, headers)
                response = connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self._drop()
                # A kept-alive connection the bank had already closed: the request
                # never reached it, so sending it again cannot do anything twice.
                if reused and attempt == 1:
                    continue
                raise BankUnreachable() from None
            except (OSError, http.client.HTTPException):
                self._drop()
                raise BankUnreachable() from None
            self._local.used = True
            return response.status, data
        raise BankUnreachable()

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
