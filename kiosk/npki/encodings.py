"""The two signPri.key encodings, named without loading any cryptography."""

from enum import Enum


class KeyEncoding(Enum):
    SEED_CBC_WITH_SHA1 = "seedCBCWithSHA1"
    PBES2 = "PBES2"
