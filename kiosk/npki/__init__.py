"""NPKI: the Korean PKI file format (signCert.der / signPri.key), DESIGN §4."""
