"""Reading and writing games: Gambit ``.nfg``/``.efg`` files."""

from .gambit import read_efg, read_gambit, read_nfg, write_efg, write_nfg

__all__ = ["read_efg", "read_gambit", "read_nfg", "write_efg", "write_nfg"]
