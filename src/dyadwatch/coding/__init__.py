"""Event coding: pattern dictionary and the coder."""

from dyadwatch.coding.coder import EventCoder, Trace
from dyadwatch.coding.patterns import Pattern, PatternDictionary, load_patterns

__all__ = ["EventCoder", "Pattern", "PatternDictionary", "Trace", "load_patterns"]
