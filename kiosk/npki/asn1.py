"""ASN.1 shapes shared by the NPKI modules (pyasn1 schemas)."""

from pyasn1.type import namedtype, univ


class AlgorithmIdentifier(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("algorithm", univ.ObjectIdentifier()),
        namedtype.OptionalNamedType("parameters", univ.Any()),
    )
