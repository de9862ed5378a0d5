"""VID: the identity inside a Korean certificate (SubjectAltName otherName), DESIGN §4."""

from __future__ import annotations

import hashlib
import hmac

from pyasn1.codec.der import decoder, encoder
from pyasn1.error import PyAsn1Error
from pyasn1.type import char, namedtype, tag, univ

from kiosk.npki import oids
from kiosk.npki.asn1 import AlgorithmIdentifier


class _HashContent(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("idn", char.PrintableString()),
        namedtype.NamedType("randomNum", univ.BitString()),
    )


class _Vid(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("hashAlg", AlgorithmIdentifier()),
        namedtype.NamedType(
            "vid",
            univ.OctetString().subtype(
                explicitTag=tag.Tag(tag.tagClassContext, tag.tagFormatSimple, 0)
            ),
        ),
    )


class _UserInfo(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("type", univ.ObjectIdentifier()),
        namedtype.NamedType("vid", _Vid()),
    )


class _IdentifyData(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("realName", char.UTF8String()),
        namedtype.NamedType("userInfos", univ.SequenceOf(componentType=_UserInfo())),
    )


def compute_vid(rrn_digits: str, random_num: bytes) -> bytes:
    content = _HashContent()
    content["idn"] = rrn_digits
    content["randomNum"] = univ.BitString.fromOctetString(random_num)
    inner = hashlib.sha256(encoder.encode(content)).digest()
    return hashlib.sha256(inner).digest()


def identify_data(real_name: str, rrn_digits: str, random_num: bytes) -> bytes:
    """DER of IdentifyData, the value of the SubjectAltName otherName."""
    alg = AlgorithmIdentifier()
    alg["algorithm"] = univ.ObjectIdentifier(oids.SHA256)
    vid = _Vid()
    vid["hashAlg"] = alg
    vid["vid"] = compute_vid(rrn_digits, random_num)
    info = _UserInfo()
    info["type"] = univ.ObjectIdentifier(oids.KISA_VID)
    info["vid"] = vid
    data = _IdentifyData()
    data["realName"] = real_name
    data["userInfos"].append(info)
    return bytes(encoder.encode(data))


def parse_identify_data(der: bytes) -> tuple[str, bytes] | None:
    """(real name, VID) from IdentifyData, or None if it is not one."""
    try:
        data, rest = decoder.decode(der, asn1Spec=_IdentifyData())
    except PyAsn1Error:
        return None
    if rest or not len(data["userInfos"]):
        return None
    return str(data["realName"]), bytes(data["userInfos"][0]["vid"]["vid"])


def vid_matches(vid: bytes, rrn_digits: str, random_num: bytes) -> bool:
    return hmac.compare_digest(vid, compute_vid(rrn_digits, random_num))
