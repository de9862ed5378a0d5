"""The bank's interface as JSON: every argument and result, by its type annotation.

Both ends read `BankService`'s own annotations, so the HTTP bank and the
embedded one cannot drift apart: a method added to the service is on the wire
with the same types. Refusals travel as data (code, template, values) and are raised again on
the kiosk's side, which translates them."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import enum
import functools
import inspect
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.certs import products
from kiosk.certs.records import StoredCertificate
from kiosk.core.i18n import Phrase
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.factors.auth import (
    ArsCall,
    ArsStatus,
    AuthResult,
    CardChallenge,
    CardResult,
    SendRefused,
    SmsChallenge,
)
from kiosk.people.customers import Account, Customer, Phone
from kiosk.people.identity import DocumentClaim, VerifiedIdentity
from kiosk.people.identity_factors import FactorResult
from kiosk.people.rrn import Rrn

if typing.TYPE_CHECKING:
    from kiosk.bankside.service import BankService


class WireError(ValueError):
    """A value that does not fit the type the interface declares."""


def _namespace() -> dict[str, Any]:
    """The names the service's annotations use, imported where they are only
    imported for type checking (cryptography loads here, on the first call)."""
    from cryptography import x509

    from kiosk.bankside.audit import AuditEntry
    from kiosk.bankside.classroom import LearnerError, LearnerResult, StationStatus, StepTime
    from kiosk.bankside.fraud import FraudWarning, PhoneCall
    from kiosk.bankside.service import CloudChallenge, CloudView
    from kiosk.bankside.signing import CertificateOrder, SignedCertificate
    from kiosk.certs.registration import RegisteredCertificate
    from kiosk.fincert.cloud_certs import CloudCertificate

    return {
        "x509": x509,
        "AuditEntry": AuditEntry,
        "FraudWarning": FraudWarning,
        "PhoneCall": PhoneCall,
        "StationStatus": StationStatus,
        "LearnerResult": LearnerResult,
        "LearnerError": LearnerError,
        "StepTime": StepTime,
        "CloudView": CloudView,
        "CloudChallenge": CloudChallenge,
        "CertificateOrder": CertificateOrder,
        "SignedCertificate": SignedCertificate,
        "CloudCertificate": CloudCertificate,
        "RegisteredCertificate": RegisteredCertificate,
        "StoredCertificate": StoredCertificate,
        "Customer": Customer,
        "Phone": Phone,
        "Account": Account,
        "SmsChallenge": SmsChallenge,
        "ArsCall": ArsCall,
        "ArsStatus": ArsStatus,
        "AuthResult": AuthResult,
        "CardChallenge": CardChallenge,
        "CardResult": CardResult,
        "FactorResult": FactorResult,
        "DocumentClaim": DocumentClaim,
        "VerifiedIdentity": VerifiedIdentity,
        "Rrn": Rrn,
    }


_hints_cache: dict[object, dict[str, Any]] = {}


def hints(target: object) -> dict[str, Any]:
    found = _hints_cache.get(target)
    if found is None:
        found = typing.get_type_hints(target, localns=_namespace())
        _hints_cache[target] = found
    return found


def encode(value: object, kind: Any) -> Any:
    """`value`, declared as `kind`, as JSON-ready data."""
    from cryptography import x509

    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        if len(options) == 1:
            return encode(value, options[0])
        for option in options:
            if isinstance(option, type) and isinstance(value, option):
                return {"$type": option.__name__, "value": encode(value, option)}
        raise WireError(f"{type(value).__name__} is none of {options}")
    if origin is dict:
        assert isinstance(value, dict)
        return {str(key): encode(item, typing.get_args(kind)[1]) for key, item in value.items()}
    if origin in (list, tuple):
        args = typing.get_args(kind)
        assert isinstance(value, list | tuple)
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            return [encode(item, arg) for item, arg in zip(value, args, strict=True)]
        return [encode(item, args[0]) for item in value]
    if kind is bytes:
        assert isinstance(value, bytes)
        return base64.b64encode(value).decode("ascii")
    if kind in (dt.datetime, dt.date):
        assert isinstance(value, dt.date)
        return value.isoformat()
    if kind is Path:
        return str(value)
    if kind is x509.Certificate:
        from cryptography.hazmat.primitives.serialization import Encoding

        assert isinstance(value, x509.Certificate)
        return base64.b64encode(value.public_bytes(Encoding.DER)).decode("ascii")
    if kind is products.Product:
        assert isinstance(value, products.Product)
        return value.code
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        assert isinstance(value, enum.Enum)
        return value.value
    if dataclasses.is_dataclass(kind):
        fields = hints(kind)
        return {
            f.name: encode(getattr(value, f.name), fields[f.name]) for f in dataclasses.fields(kind)
        }
    if kind in (str, int, float, bool):
        return value
    raise WireError(f"cannot carry {kind!r}")


def decode(data: Any, kind: Any) -> Any:
    """Data received for `kind`, back as the value (WireError if it does not fit)."""
    from cryptography import x509

    if kind is type(None):
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(kind)
        if data is None:
            if type(None) in args:
                return None
            raise WireError("a value is missing")
        options = [a for a in args if a is not type(None)]
        if len(options) == 1:
            return decode(data, options[0])
        if not isinstance(data, dict) or "$type" not in data:
            raise WireError("a tagged value is expected")
        for option in options:
            if getattr(option, "__name__", None) == data["$type"]:
                return decode(data.get("value"), option)
        raise WireError(f"unexpected type {data['$type']!r}")
    if data is None:
        raise WireError("a value is missing")
    try:
        if origin in (list, tuple):
            args = typing.get_args(kind)
            if not isinstance(data, list):
                raise WireError("a list is expected")
            if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
                if len(data) != len(args):
                    raise WireError("wrong number of items")
                return tuple(decode(item, arg) for item, arg in zip(data, args, strict=True))
            items = [decode(item, args[0]) for item in data]
            return tuple(items) if origin is tuple else items
        if kind is bytes:
            return base64.b64decode(_typed(data, str), validate=True)
        if kind is dt.datetime:
            return dt.datetime.fromisoformat(_typed(data, str))
        if kind is dt.date:
            return dt.date.fromisoformat(_typed(data, str))
        if kind is Path:
            return Path(_typed(data, str))
        if kind is x509.Certificate:
            return x509.load_der_x509_certificate(base64.b64decode(_typed(data, str)))
        if kind is products.Product:
            return products.by_code(_typed(data, str))
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return kind(data)
        if dataclasses.is_dataclass(kind) and isinstance(kind, type):
            if not isinstance(data, dict):
                raise WireError(f"{kind.__name__} is expected")
            fields = hints(kind)
            values = {
                f.name: decode(data.get(f.name), fields[f.name])
                for f in dataclasses.fields(kind)
                if f.init and (f.name in data or not _has_default(f))
            }
            return kind(**values)
        if kind is bool:
            return _typed(data, bool)
        if kind is int:
            if isinstance(data, bool):
                raise WireError("a number is expected")
            return _typed(data, int)
        if kind is float:
            return float(_typed(data, int | float))
        if kind is str:
            return _typed(data, str)
    except (ValueError, KeyError, TypeError) as error:
        if isinstance(error, WireError):
            raise
        raise WireError(str(error)) from None
    raise WireError(f"cannot carry {kind!r}")


def _has_default(field: dataclasses.Field[Any]) -> bool:
    return (
        field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING
    )


def _typed(data: Any, kind: Any) -> Any:
    if not isinstance(data, kind):
        raise WireError(f"{kind} is expected")
    return data


# --- the calls ---------------------------------------------------------------------


def operations(service_class: type[BankService]) -> dict[str, Callable[..., Any]]:
    """The service's public methods: what the HTTP bank answers."""
    return {
        name: member
        for name, member in vars(service_class).items()
        if not name.startswith("_") and inspect.isfunction(member)
    }


@functools.cache
def _signature(method: Callable[..., Any]) -> inspect.Signature:
    return inspect.signature(method)


@functools.cache
def parameters(method: Callable[..., Any]) -> tuple[tuple[str, Any, bool], ...]:
    """(name, type, required) of each argument after `self` (read once per operation:
    every call of it on either end needs them)."""
    declared = hints(method)
    return tuple(
        (name, declared[name], parameter.default is inspect.Parameter.empty)
        for name, parameter in _signature(method).parameters.items()
        if name != "self"
    )


def encode_call(method: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    bound = _signature(method).bind(None, *args, **kwargs)
    return {
        name: encode(bound.arguments[name], kind)
        for name, kind, _ in parameters(method)
        if name in bound.arguments
    }


def decode_call(method: Callable[..., Any], data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise WireError("arguments are expected as an object")
    known = {name for name, _, _ in parameters(method)}
    unknown = set(data) - known
    if unknown:
        raise WireError(f"unknown arguments: {sorted(unknown)}")
    values = {}
    for name, kind, required in parameters(method):
        if name in data:
            values[name] = decode(data[name], kind)
        elif required:
            raise WireError(f"missing argument: {name}")
    return values


# --- refusals ----------------------------------------------------------------------
#
# A refusal crosses as its code, its Korean template and the values that fill it,
# never as text: the kiosk translates it at display, in the language its customer
# chose, which the bank process does not know.


def encode_refusal(error: Refused | SendRefused) -> dict[str, Any]:
    if isinstance(error, SendRefused):
        return {"kind": "SendRefused", "status": error.status.value}
    return {"kind": "Refused", "code": error.code.value, **_encode_phrase(error.phrase)}


def _encode_phrase(phrase: Phrase) -> dict[str, Any]:
    return {
        "template": phrase.template,
        "params": {
            name: _encode_phrase(value) if isinstance(value, Phrase) else value
            for name, value in phrase.params.items()
        },
    }


def decode_refusal(data: Any) -> Exception:
    from kiosk.factors.auth import AuthStatus

    if not isinstance(data, dict):
        return WireError("a refusal is expected")
    if data.get("kind") == "SendRefused":
        return SendRefused(AuthStatus(data.get("status")))
    # A code this kiosk does not know (a newer bank) is still shown, as a plain refusal.
    return Refused(RefusalCode.parse(data.get("code")), _decode_phrase(data))


def _decode_phrase(data: Any) -> Phrase:
    if not isinstance(data, dict):
        return Phrase(str(data))
    template = data.get("template", data.get("message", ""))
    params = data.get("params")
    values: dict[str, str | int | Phrase] = {}
    for name, value in (params if isinstance(params, dict) else {}).items():
        if isinstance(value, dict):
            values[str(name)] = _decode_phrase(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            values[str(name)] = value
        else:
            values[str(name)] = str(value)
    return Phrase(str(template), **values)
