"""Importers: dictionaries of other event coders converted into dyadwatch data files."""

from __future__ import annotations
