"""Actor dictionaries and in-article actor resolution."""

from dyadwatch.actors.dictionary import ActorDictionary, ActorHit, load_actor_entries
from dyadwatch.actors.phrases import resolve_phrases
from dyadwatch.actors.resolver import Actor, ArticleActors

__all__ = ["Actor", "ActorDictionary", "ActorHit", "ArticleActors", "load_actor_entries", "resolve_phrases"]
