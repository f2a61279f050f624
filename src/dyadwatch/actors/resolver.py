"""Resolving actor mentions in a parsed article.

``ArticleActors`` holds what one article teaches about its actors: dictionary matches on
tokens, people introduced with a title and nationality ("Japanese Prime Minister Sanae
Takaichi" makes every later "Takaichi" JPN/GOV), and the most recent person and group for
pronouns. ``resolve(token)`` turns the noun phrase headed by a token into actors.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from dyadwatch.actors.dictionary import ActorDictionary, ActorHit, word_key
from dyadwatch.nlp.doc_cache import doc_ents, ent_of
from dyadwatch.resources import load_json

# Dependency labels that stay inside one noun phrase, to the left and to the right of its head.
_LEFT_DEPS = {"compound", "amod", "poss", "nmod", "det", "nummod", "quantmod", "flat", "case", "npadvmod"}
# Place names that contain a country name without meaning it ("East China Sea").
_FEATURE_WORDS = {
    "sea",
    "ocean",
    "strait",
    "straits",
    "gulf",
    "river",
    "mountains",
    "peninsula",
    "island",
    "islands",
    "bay",
    "channel",
    "lake",
    "canal",
    "desert",
    "basin",
    "plateau",
}
_RIGHT_DEPS = {"appos", "prep", "pobj", "compound", "flat", "case"}
_NP_PREPS = {"of", "from", "in", "at"}
_PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
_GROUP_PRONOUNS = {"it", "its", "itself", "they", "them", "their", "theirs", "themselves"}
# Titles and roles of one person ('the Chinese Foreign Ministry spokesperson'); 'the military' is a body.
_PERSON_NOUNS = {
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "minister",
    "official",
    "diplomat",
    "envoy",
    "ambassador",
    "president",
    "premier",
    "chancellor",
    "leader",
    "officer",
    "soldier",
    "commander",
    "general",
    "secretary",
    "chief",
    "head",
    "lawmaker",
    "senator",
    "governor",
    "mayor",
    "judge",
    "prosecutor",
    "consul",
    "king",
    "queen",
    "prince",
    "monarch",
    "emir",
    "sheikh",
    "ayatollah",
    "cleric",
    "representative",
    "delegate",
    "negotiator",
    "adviser",
    "advisor",
    "aide",
    "counsellor",
    "counselor",
    "director",
    "coordinator",
}
_SAYING = {"say", "announce", "report", "state", "confirm"}
# 'the two leaders', 'both sides', 'the two countries': the pair the story is about.
_PAIR_NOUNS = {
    "leader",
    "side",
    "country",
    "nation",
    "government",
    "minister",
    "neighbour",
    "neighbor",
    "president",
    "capital",
    "delegation",
    "foreign minister",
    "premier",
}
# IGOs, the UN, the EU, NGOs, ...: actors with no country of their own (ONTOLOGY.md 1.5)
NON_STATE = frozenset(load_json("ontology", "plover.json")["non_state_codes"])
# Words for people that take their sector from the group named before them.
_ROLE_NOUNS = {
    "leader",
    "official",
    "chief",
    "head",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "member",
    "figure",
    "representative",
    "delegate",
    "commander",
    "activist",
}
_SUBJECT_PRONOUNS = {"he", "she", "it", "they"}
_FORMER = {"former", "ex", "ex-", "late", "then"}
_ADMIN_WORDS = {"state", "province", "region", "county", "district", "oblast", "governorate", "prefecture"}
_LAYER_RANK = {"petrarch": 0, "hand": 1, "user": 2}
_TOWN_INSTITUTIONS = {"EDU", "MED", "COP", "JUD"}
_NAME_PARTICLES = {"of", "the", "and", "for", "de", "la", "le", "du", "des", "da", "do", "dos", "del", "von", "van",
                   "der", "den", "di", "al", "el", "bin", "ibn", "in", "on", "at", "to", "by"}
_RELATIVE = {"who", "which", "that", "whom", "whose"}
_SKIP_ENTS = {"LOC", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE"}


_cached_key = lru_cache(maxsize=65536)(word_key)


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved actor (converted to records.Entity when an event is built)."""

    code: str
    sector: str | None
    text: str
    name: str | None
    start: int  # character offsets in the article
    end: int
    source: str  # dictionary entry id or in-article rule
    kind: str  # person | group


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    hit: ActorHit


def reporting_subject(pron: Any) -> Any | None:
    """The subject of the verb that reports a pronoun's clause ('Kanai told reporters that he had
    asked ...' -> Kanai), looking through a participle or a coordinated verb that shares the main
    subject ('refused ..., saying he would'); ``None`` when there is none, or it is a pronoun too."""
    verb = pron.head
    if verb.dep_ not in ("ccomp", "xcomp"):
        return None
    cur = verb.head
    for _ in range(3):
        subj = next((c for c in cur.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return None if subj.pos_ == "PRON" else subj
        if cur.dep_ in ("advcl", "conj", "xcomp") and cur.head is not cur:
            cur = cur.head
            continue
        return None
    return None


class ArticleActors:
    """Actor knowledge for one parsed article (a spaCy Doc)."""

    def __init__(
        self,
        dictionary: ActorDictionary,
        doc: Any,
        *,
        date: str | None = None,
        town_country: Callable[[str], str | None] | None = None,
    ) -> None:
        self.dictionary = dictionary
        self.town_country = town_country
        self.doc = doc
        self.date = date
        self.hits: dict[int, _Match] = {}
        self.sector_hits: dict[int, _Match] = {}
        self.learned: dict[str, Actor] = {}
        self.last_person: Actor | None = None
        self.last_group: Actor | None = None
        self.recent_sides: list[Actor] = []  # countries in coded events, latest last, one per country
        self.org_heads: dict[str, list[_Match]] = {}  # 'council' -> the 'Security Council' matches
        self.country_mentions: Counter[str] = Counter()
        self._memo: dict[tuple[int, bool], list[Actor]] = {}
        self.dateline_code: str | None = None  # the country of the article's dateline, if one
        self._match_phrases()
        self._learn_people()

    # -- dictionary matching ---------------------------------------------------
    def _match_phrases(self) -> None:
        doc, d = self.doc, self.dictionary
        n = len(doc)
        skip_ent = {}
        for ent in doc_ents(doc):
            if ent.label_ in _SKIP_ENTS and (ent.label_ != "LOC" or ent[-1].lower_ in _FEATURE_WORDS):
                for i in range(ent.start, ent.end):
                    skip_ent[i] = ent
        strings = doc.vocab.strings
        keys = [_cached_key(strings[h]) for h in doc.to_array("ORTH").tolist()]
        i = 0
        while i < n:
            found = None
            lengths = d.phrase_lengths.get(keys[i], ())
            if lengths and lengths[0] > 1 and (i + 1 >= n or (keys[i], keys[i + 1]) not in d.two_word_starts):
                lengths = (1,) if lengths[-1] == 1 else ()  # no longer phrase starts with these two words
            for length in lengths:
                if i + length > n:
                    continue
                hit = d.lookup_key(tuple(keys[i : i + length]), date=self.date)
                if hit is not None:
                    ent = skip_ent.get(i)
                    if ent is not None and not (ent.start == i and ent.end == i + length):
                        continue
                    if not any(doc[j].text[:1].isupper() for j in range(i, i + length)):
                        continue  # names are written with capitals: 'granted amnesty' is not Amnesty International
                    if hit.layer == "petrarch" and not self._fits_converted(i, i + length):
                        continue
                    if (
                        length == 1
                        and hit.kind in ("person", "country")
                        and doc[i].ent_type_ == "PERSON"
                        and i + 1 < n
                        and doc[i + 1].ent_iob_ == "I"
                        and doc[i + 1].pos_ == "PROPN"
                    ):
                        continue  # a first name: 'Abbas Araqchi' is not Abbas, 'Israel Katz' not Israel
                    found = _Match(i, i + length, hit)
                    break
            if found:
                for j in range(found.start, found.end):
                    self.hits[j] = found
                if found.hit.code and found.hit.kind != "person":
                    self.country_mentions[found.hit.code] += 1
                if found.hit.kind == "organisation" and found.end - found.start > 1:
                    self.org_heads.setdefault(keys[found.end - 1].lower(), []).append(found)
                i = found.end
            else:
                i += 1
        self._drop_namesakes()
        # sector words: a single word matches by its lemma ('ministries' -> 'ministry'), longer ones as written
        lemmas = [_cached_key(strings[h]) for h in doc.to_array("LEMMA").tolist()]
        i = 0
        while i < n:
            found = None
            for first in {lemmas[i], keys[i]}:
                for length in d.sector_lengths.get(first, ()):
                    if i + length > n:
                        continue
                    if length == 1:
                        # the word as written or its lemma, whichever a higher layer has ('migrants' by hand)
                        both = [h for h in (d.sector_terms.get((keys[i],)), d.sector_terms.get((lemmas[i],))) if h]
                        sh = max(both, key=lambda h: _LAYER_RANK[h.layer]) if both else None
                    else:
                        sh = d.sector_terms.get(tuple(keys[i : i + length]))
                    if sh is not None and (found is None or length > found.end - found.start):
                        found = _Match(i, i + length, sh)
                        break
            if found:
                for j in range(found.start, found.end):
                    self.sector_hits[j] = found
                i = found.end
            else:
                i += 1
        if self.town_country is not None:
            self._match_towns()
        self._match_misspellings()

    def _drop_namesakes(self) -> None:
        """A person of the converted layer whose country the article never names, in an article
        that names other countries, is taken for a namesake ('Lt. Gen. Amadou Diallo ... Mali's
        army' is not Guinea's Amadou Diallo): the article's own evidence decides instead."""
        if not self.country_mentions:
            return
        for j, m in list(self.hits.items()):
            if m.hit.kind == "person" and m.hit.layer == "petrarch" and m.hit.code not in self.country_mentions:
                del self.hits[j]

    def _fits_converted(self, start: int, end: int) -> bool:
        """The stricter test for a name from the converted PETRARCH layer (tens of thousands of
        names, checked by no one here): every word capitalised ('Army of God', not 'army of
        god'), and not a part of a longer person's name ('Samia Suluhu Hassan' is not 'Hassan')."""
        doc = self.doc
        if any(doc[j].is_alpha and doc[j].text[:1].islower() and doc[j].lower_ not in _NAME_PARTICLES
               for j in range(start, end)):
            return False
        ent = ent_of(doc[start])
        return ent is None or ent.label_ != "PERSON" or (ent.start >= start and ent.end <= end)

    def _match_towns(self) -> None:
        """A place name the dictionary does not know ('police in Samarra') still says which
        country: the offline gazetteer's most populous town of that name."""
        assert self.town_country is not None
        for ent in doc_ents(self.doc):
            if ent.label_ != "GPE" or any(j in self.hits for j in range(ent.start, ent.end)):
                continue
            words = [t for t in ent if t.pos_ == "PROPN" or t.text[:1].isupper()]
            if not words or len(ent.text) < 4:
                continue
            code = self.town_country(ent.text)
            if code:
                found = _Match(ent.start, ent.end, ActorHit(f"place:{ent.text}", "place", code, None, ent.text))
                for j in range(ent.start, ent.end):
                    self.hits[j] = found
        # the small English model misses (or mislabels) many towns: a one-word proper noun after a
        # preposition ('areas of Kharkiv', 'near Gorazde') is looked up too
        for tok in self.doc:
            if (
                tok.i in self.hits
                or tok.pos_ != "PROPN"
                or tok.ent_type_ in ("DATE", "TIME", "GPE")
                or tok.ent_iob_ == "I"  # a word inside a longer name ('Cumhuriyet University')
                or (tok.ent_iob_ == "B" and tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].ent_iob_ == "I")
                or any(c.dep_ == "compound" for c in tok.children)
                or tok.dep_ != "pobj"
                or len(tok.text) < 4
                or not tok.text[:1].isupper()
            ):
                continue
            code = self.town_country(tok.text)
            if code:
                hit = ActorHit(f"place:{tok.text}", "place", code, None, tok.text)
                self.hits[tok.i] = _Match(tok.i, tok.i + 1, hit)
        doc = self.doc
        dep_of = doc.to_array("DEP").tolist()
        head_of = doc.to_array("HEAD").tolist()  # offsets to the head
        compound, root = doc.vocab.strings["compound"], doc.vocab.strings["ROOT"]
        candidates = [
            i for i in range(len(doc))
            if (dep_of[i] == compound and head_of[i] > 0 and i + head_of[i] in self.sector_hits)
            or (dep_of[i] == root and len(doc) <= 4)
        ]
        for tok in (doc[i] for i in candidates):
            # a town before a word of an actor kind ('Oxford University', 'Basra police', 'Lagos State
            # government'), or a town named alone ('Kharkiv' as a phrase of its own)
            head = tok.head
            modifies = (
                tok.dep_ == "compound"
                and head.i in self.sector_hits
                and head.i > tok.i
                # a place's name ('Basra police'), or an institution named after its town ('Oxford University')
                and (tok.ent_type_ in ("GPE", "LOC") or tok.ent_type_ in ("ORG", "FAC")
                     and self.sector_hits[head.i].hit.sector in _TOWN_INSTITUTIONS and head.ent_type_ == tok.ent_type_)
                # a phrase that already names its country ('the German Federal Constitutional Court')
                and not any(t.i in self.hits and self.hits[t.i].hit.code for t in head.lefts)
            )
            alone = tok.dep_ == "ROOT" and len(tok.sent) <= 3
            if (
                tok.i in self.hits
                or not (modifies or alone)
                or len(tok.text) < 4
                or not tok.text[:1].isupper()
                or tok.ent_type_ in ("PERSON", "DATE", "TIME", "NORP")
                or tok.i in self.sector_hits
            ):
                continue
            first = tok.i
            # 'Lagos State', 'Kano State', 'Sindh Province': the name before an administrative word
            if tok.lower_ in _ADMIN_WORDS and tok.i > 0 and self.doc[tok.i - 1].text[:1].isupper():
                first = tok.i - 1
            code = self.town_country(self.doc[first].text)
            if code and first not in self.hits:
                hit = ActorHit(f"place:{self.doc[first].text}", "place", code, None, self.doc[first].text)
                match = _Match(first, tok.i + 1, hit)
                for j in range(first, tok.i + 1):
                    self.hits[j] = match

    def _match_misspellings(self) -> None:
        """'Afganistan', 'Phillippines': a capitalised word one letter off a long country name
        or adjective, that is no person's name and no real place of its own."""
        for tok in self.doc:
            if (
                tok.i in self.hits
                or not tok.text[:1].isupper()
                or tok.pos_ not in ("PROPN", "ADJ", "NOUN")
                or tok.ent_type_ in ("PERSON", "DATE", "TIME", "MONEY")
            ):
                continue
            hit = self.dictionary.misspelt(tok.text)
            if hit is None or (self.town_country is not None and self.town_country(tok.text)):
                continue
            found = _Match(tok.i, tok.i + 1, replace(hit, entry_id=f"{hit.entry_id}~spelling"))
            self.hits[tok.i] = found
            self.country_mentions[hit.code or ""] += 1

    def _learn_people(self) -> None:
        """People introduced with a title and nationality are remembered by every name part."""
        for ent in doc_ents(self.doc):
            if not (ent.label_ == "PERSON" or self._looks_like_a_titled_person(ent)) or any(
                j in self.hits and self.hits[j].hit.kind in ("place", "organisation", "country")
                for j in range(ent.start, ent.end)
            ):
                continue
            person = next(
                (
                    self.hits[j]
                    for j in range(ent.start, ent.end)
                    if j in self.hits and self.hits[j].hit.kind == "person"
                ),
                None,
            )
            code, sector, source = None, None, ""
            if person is not None and person.hit.layer == "petrarch":
                # what the article says of a name ('Lt. Gen. X ..., saying Mali's army') outranks the
                # converted base layer, a namesake of it
                code, sector, source = self._context_of_name(ent)
            if person is not None and not code:
                self._remember(ent, person.hit.code or "", person.hit.sector, person.hit.name, person.hit.entry_id)
                continue
            if person is None:
                code, sector, source = self._context_of_name(ent)
            if code:
                self._remember(ent, code, sector or "GOV", ent.text, source)

    def _looks_like_a_titled_person(self, ent: Any) -> bool:
        """A name the model labelled otherwise ('Masaaki Kanai' as ORG) that is introduced as a
        person: '..., head of the Japanese Foreign Ministry's bureau' or 'Director Masaaki Kanai'."""
        if ent.label_ not in ("ORG", "NORP", "GPE") or len(ent) > 3 or not all(t.pos_ == "PROPN" for t in ent):
            return False
        if any(c.dep_ == "appos" and c.lemma_.lower() in _PERSON_NOUNS for c in ent.root.children):
            return True
        before = self.doc[ent.start - 1] if ent.start > 0 else None
        return before is not None and before.lemma_.lower() in _PERSON_NOUNS and before.pos_ in ("NOUN", "PROPN")

    def _context_of_name(self, ent: Any) -> tuple[str | None, str | None, str]:
        code = sector = None
        source = "in-article:title"
        # words before the name in the same phrase: "Chinese Consul General", "Japan's foreign minister"
        j = ent.start - 1
        steps = 0
        while j >= 0 and steps < 7:
            tok = self.doc[j]
            if tok.is_punct and tok.text not in ("'s", "’s") or tok.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "CCONJ"):
                break
            if (
                j in self.hits
                and self.hits[j].hit.kind in ("adjective", "country", "organisation", "capital")
                and code is None
            ):
                code = self.hits[j].hit.code
                sector = sector or self.hits[j].hit.sector
            if j in self.sector_hits and sector is None:
                sector = self.sector_hits[j].hit.sector
            j -= 1
            steps += 1
        if code is None:
            # an apposition after the name: "Liu Jinsong, Director General of ... of the Chinese Foreign Ministry"
            # (or the name is itself the apposition of a title phrase)
            for child in ent.root.children:
                if child.dep_ == "appos":
                    code, sector = self._code_and_sector_in(child.subtree, code, sector)
                    source = "in-article:apposition"
        if code is None and (ent.root.head.dep_ == "appos" or ent.root.dep_ == "appos"):
            code, sector = self._code_and_sector_in(ent.root.head.subtree, code, sector)
            source = "in-article:apposition"
        if code is None and sector in ("GOV", "MIL", "COP", "JUD", "LEG"):
            # 'Vice Foreign Minister Sun Weidong summoned ..., the Chinese Foreign Ministry said': an
            # official with a title but no nationality, in a statement of a country's body, is its own
            code = self._reporting_body_code(ent)
            source = "in-article:reporting-body"
        return code, sector, source

    def _reporting_body_code(self, ent: Any) -> str | None:
        for verb in ent.sent:
            if verb.pos_ != "VERB" or verb.lemma_ not in _SAYING:
                continue
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is None or ent.start <= subj.i < ent.end or subj.i not in self.sector_hits:
                continue
            code, _sector = self._code_and_sector_in(subj.subtree, None, None)
            if code:
                return code
        return None

    def _code_and_sector_in(self, tokens: Any, code: str | None, sector: str | None) -> tuple[str | None, str | None]:
        """The first country (or organisation) and sector word among tokens, keeping what is known."""
        for t in tokens:
            m = self.hits.get(t.i)
            if code is None and m is not None and m.hit.kind in ("adjective", "country", "organisation"):
                code = m.hit.code
            if sector is None and t.i in self.sector_hits:
                sector = self.sector_hits[t.i].hit.sector
        return code, sector

    def _remember(self, ent: Any, code: str, sector: str | None, name: str, source: str) -> None:
        actor = self._span_actor(ent.start, ent.end - 1, code, sector, name, source, "person")
        self.learned.setdefault(ent.text, actor)
        parts = [t.text for t in ent if t.text[:1].isupper() and t.is_alpha]
        for part in parts if len(parts) > 1 else []:
            self.learned.setdefault(part, replace(actor, source="in-article:surname"))

    # -- resolution ------------------------------------------------------------
    def _span_actor(
        self, first: int, last: int, code: str, sector: str | None, name: str | None, source: str, kind: str
    ) -> Actor:
        span = self.doc[first : last + 1]
        return Actor(
            code=code,
            sector=sector,
            text=span.text,
            name=name,
            start=span.start_char,
            end=span.end_char,
            source=source,
            kind=kind,
        )

    def resolve(self, tok: Any, *, with_conjuncts: bool = True) -> list[Actor]:
        """Actors named by the noun phrase headed by ``tok`` (conjoined phrases included)."""
        if tok.pos_ == "PRON":
            return self._resolve(tok, with_conjuncts)
        key = (tok.i, with_conjuncts)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._resolve(tok, with_conjuncts)
        return list(found)

    def _resolve(self, tok: Any, with_conjuncts: bool) -> list[Actor]:
        out = self._resolve_one(tok)
        if with_conjuncts:
            for c in tok.conjuncts:
                if c.i > tok.i:
                    out += self._resolve_one(c)
            # 'President Ruto and President Hassan' misparsed with the first name as a modifier of the last
            for c in tok.children:
                coordinated = any(g.dep_ == "cc" and g.lower_ in ("and", "&") for g in c.children)
                if c.dep_ in ("nmod", "compound") and coordinated:
                    have = {a.code for a in out}
                    out = [a for a in self._resolve_one(c) if a.code not in have] + out
        kept: dict[tuple[str, str | None], int] = {}
        unique: list[Actor] = []
        for a in out:
            at = kept.get((a.code, a.sector))
            if at is None:
                kept[(a.code, a.sector)] = len(unique)
                unique.append(a)
            elif with_conjuncts:
                # 'sanctions on Ana Lima, Rui Costa and Joana Reis': one side named by
                # coordinated phrases; its mention is the whole coordination
                first = unique[at]
                start, end = min(first.start, a.start), max(first.end, a.end)
                text = self.doc.text[start:end]
                unique[at] = replace(first, text=text, start=start, end=end)
        return unique

    def _named_earlier(self, tok: Any) -> _Match | None:
        """'the council' after 'the UN Security Council', 'the agency' after 'the International
        Atomic Energy Agency': the organisation named earlier with that last word."""
        if tok.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        if any(c.dep_ in ("compound", "amod", "poss", "nmod") for c in tok.children):
            return None
        earlier = [m for m in self.org_heads.get(tok.lower_, ()) if m.end <= tok.i and m.hit.code]
        return earlier[-1] if earlier else None

    def _plural_before(self, pron: Any) -> Actor | None:
        """'paid compensation to British nationals for assets they lost when Amin expelled them':
        an object 'them' is the nearest plural group named before it in the sentence."""
        for t in reversed(list(self.doc[pron.sent.start : pron.i])):
            if t.tag_ in ("NNS", "NNPS") and t.dep_ not in ("compound", "amod") and t.pos_ in ("NOUN", "PROPN"):
                found = self.resolve(t, with_conjuncts=False)
                if found:
                    return found[0]
        return None

    def _reporter_of(self, pron: Any) -> Actor | None:
        """'Katsav refused to meet Abdullah, saying he would ...', 'Kanai told reporters that he had
        asked ...': the subject pronoun of a reported clause is the one who reports it (English
        news almost always means the speaker), when the speaker is of the pronoun's kind."""
        subj = reporting_subject(pron)
        found = self.resolve(subj, with_conjuncts=False) if subj is not None else []
        if not found:
            return None
        person = found[0].kind == "person" or subj.ent_type_ == "PERSON"
        wants_person = pron.lower_ in _PERSON_PRONOUNS
        singular = subj.tag_ not in ("NNS", "NNPS")
        if person == wants_person and (wants_person or pron.lower_ == "it") == singular:
            return found[0]
        return None

    def _resolve_one(self, tok: Any) -> list[Actor]:
        low = tok.lower_
        if tok.pos_ == "VERB":
            # 'The Red Cross operating in Iraq said ...' parsed with the participle as subject
            inner = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            return self._resolve_one(inner) if inner is not None else []
        if tok.pos_ == "PRON" or tok.tag_ in ("PRP", "PRP$", "WP", "WP$", "WDT"):
            if low in _RELATIVE and tok.dep_ in ("nsubj", "nsubjpass", "poss"):
                rel = tok.head
                if rel.dep_ == "relcl":
                    return self.resolve(rel.head, with_conjuncts=False)
                return []
            ref = self._reporter_of(tok) if tok.dep_ in ("nsubj", "nsubjpass") and low in _SUBJECT_PRONOUNS else None
            if ref is None and low == "them":
                ref = self._plural_before(tok)
            if ref is None:
                ref = (
                    self.last_person if low in _PERSON_PRONOUNS else self.last_group if low in _GROUP_PRONOUNS else None
                )
            if ref is None:
                return []
            if tok.sent.start_char <= ref.start and ref.end <= tok.idx and ref.text:
                # 'The Kenyan army said it had captured ...': the words that name the actor are
                # in the same sentence; they are the actor's mention, not the pronoun
                return [replace(ref, source=f"in-article:pronoun->{ref.name or ref.text}")]
            return [
                replace(
                    ref,
                    text=tok.text,
                    start=tok.idx,
                    end=tok.idx + len(tok.text),
                    source=f"in-article:pronoun->{ref.name or ref.text}",
                )
            ]
        # a dictionary phrase on the head itself
        m = self.hits.get(tok.i)
        if (
            m is not None
            and m.hit.kind == "person"
            and m.end - m.start == 1
            and tok.text in self.learned
            and self.learned[tok.text].name != m.hit.name
        ):
            # 'Mao said' after 'spokesperson Mao Ning': the person this article introduced, not
            # another of that surname in the dictionary
            m = None
        if m is not None and m.hit.layer == "petrarch" and m.hit.kind == "person":
            ent = ent_of(tok)
            taught = self.learned.get(tok.text) or (self.learned.get(ent.text) if ent is not None else None)
            if taught is not None and not taught.source.startswith("petrarch."):
                m = None  # what the article says of a name outranks the converted base layer
        if m is not None and m.hit.code:
            h = m.hit
            if h.kind in ("person", "organisation"):
                sector = h.sector
                sh = self._sector_near(tok)
                sm = self.sector_hits.get(tok.i)
                inside = sm is not None and m.start <= sm.start and sm.end <= m.end  # 'Union' in 'European Union'
                if h.kind == "organisation" and sh and sh != h.sector and not inside:
                    sector = sh
                out_of_office = h.kind == "person" and h.sector == "ELI" and (h.valid_from or h.valid_to)
                former = any(t.lower_ in _FORMER for t in self.doc[tok.left_edge.i : tok.i])
                if out_of_office and sh and not former:
                    # 'Defence Minister Ariel Sharon' on a date the dictionary has no office for: the title wins
                    sector = sh
                elif h.kind == "person" and former:
                    sector = "ELI"  # 'former President X': the text says they are out of office
                elif h.kind == "person" and sh == "OPP":
                    sector = "OPP"  # 'opposition leader X'
                return [
                    self._span_actor(
                        m.start,
                        m.end - 1,
                        h.code,
                        sector,
                        h.name,
                        h.entry_id,
                        "person" if h.kind == "person" else "group",
                    )
                ]
            if h.kind in ("country", "capital"):
                return [self._span_actor(m.start, m.end - 1, h.code, "GOV", h.name, h.entry_id, "group")]
            if h.kind == "place" and tok.dep_ not in ("compound", "amod"):
                # 'Kharkiv' alone: the town's people, unless the phrase says more ('Oshima, the UN
                # relief coordinator'); 'Kharkiv police' takes the head's sector (below)
                said = [a for a in self._from_modifiers(tok) if a.code != h.code]
                if said:
                    return said
                return [self._span_actor(m.start, m.end - 1, h.code, "CVL", h.name, h.entry_id, "group")]
            if h.kind == "people" or (
                h.kind == "adjective"
                and (tok.pos_ in ("NOUN", "PROPN") or tok.dep_ == "ROOT" and tok.sent.end - tok.sent.start <= 2)
                and tok.dep_ not in ("amod", "compound")
            ):  # 'Kenyans', 'the Portuguese', or 'Portuguese' as a phrase of its own
                home = self._ethnic_home(tok)
                if home is not None:
                    return [home]
                return [self._span_actor(m.start, m.end - 1, h.code, "CVL", h.name, h.entry_id, "group")]
        named = self._named_earlier(tok)
        if named is not None:
            return [
                self._span_actor(
                    tok.i,
                    tok.i,
                    named.hit.code or "",
                    named.hit.sector,
                    named.hit.name,
                    f"{named.hit.entry_id}+the-{tok.lower_}",
                    "group",
                )
            ]
        if tok.lemma_.lower() in _PAIR_NOUNS and tok.tag_ in ("NNS", "NNPS"):
            if any(c.lower_ in ("two", "both") for c in tok.children if c.dep_ in ("nummod", "det", "predet")):
                # 'the two leaders', 'both sides': the last two countries named as actors before this sentence
                earlier = [r for r in self.recent_sides if r.start < tok.sent.start_char]
                if len(earlier) >= 2:
                    return [
                        replace(
                            r,
                            text=tok.text,
                            start=tok.idx,
                            end=tok.idx + len(tok.text),
                            source="in-article:the-two-sides",
                        )
                        for r in earlier[-2:]
                    ]
        learned = self.learned.get(tok.text)
        if learned is None and tok.ent_type_ == "PERSON":
            ent = ent_of(tok)
            if ent is not None:
                learned = self.learned.get(ent.text) or next(
                    (self.learned[t.text] for t in ent if t.text in self.learned), None
                )
        if learned is not None:
            ent_first, ent_last = self._name_extent(tok)
            first = min(ent_first, self._left_edge_np(tok))
            return [
                replace(
                    self._span_actor(
                        first, ent_last, learned.code, learned.sector, learned.name, learned.source, "person"
                    )
                )
            ]
        return self._from_modifiers(tok)

    def modifier_actor(self, mod: Any, head: Any) -> list[Actor]:
        """A country adjective or name modifying an event noun: 'Japanese protests'."""
        m = self.hits.get(mod.i)
        if m is None or not m.hit.code or m.hit.kind == "person":
            return []
        sector = self._sector_near(head) or m.hit.sector or "GOV"
        return [self._span_actor(m.start, m.end - 1, m.hit.code, sector, m.hit.name, m.hit.entry_id, "group")]

    def _ethnic_home(self, tok: Any) -> Actor | None:
        """'ethnic Albanians in Serbia', 'the Albanians of southern Serbia': a people named where
        they live in another country belong to that country (PLOVER codes them there)."""
        ethnic = any(c.lower_ == "ethnic" for c in tok.children)
        own = self.hits.get(tok.i)
        for c in tok.children:
            # 'Bosnian Serbs', 'Iraqi Kurds', 'Kosovo Albanians': the country word says where they live
            m = self.hits.get(c.i)
            if (
                c.dep_ in ("amod", "compound")
                and c.i < tok.i
                and m is not None
                and m.hit.kind in ("adjective", "country")
                and m.hit.code
                and own is not None
                and m.hit.code != own.hit.code
            ):
                return self._span_actor(c.i, tok.i, m.hit.code, "CVL", m.hit.name, "in-article:people-located", "group")
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "in", "from"):
                for p in c.children:
                    m = self.hits.get(p.i)
                    if p.dep_ == "pobj" and m is not None and m.hit.kind in ("country", "capital") and m.hit.code:
                        return self._span_actor(
                            tok.left_edge.i, p.i, m.hit.code, "CVL", m.hit.name, "in-article:people-located", "group"
                        )
        if ethnic:
            for c in list(tok.head.children) + list(tok.sent.root.children):
                if c.dep_ == "prep" and c.lower_ == "in":
                    for p in c.children:
                        m = self.hits.get(p.i)
                        if m is not None and m.hit.kind == "country" and m.hit.code:
                            return self._span_actor(
                                tok.left_edge.i,
                                tok.i,
                                m.hit.code,
                                "CVL",
                                m.hit.name,
                                "in-article:people-located",
                                "group",
                            )
        return None

    def _name_extent(self, tok: Any) -> tuple[int, int]:
        for e in doc_ents(self.doc):
            if e.start <= tok.i < e.end:
                return e.start, e.end - 1
        return tok.i, tok.i

    def _left_edge_np(self, tok: Any) -> int:
        first = tok.i
        for t in tok.lefts:
            if t.dep_ in _LEFT_DEPS and t.dep_ != "det":
                first = min(first, t.left_edge.i)
        return first

    def _sector_near(self, tok: Any) -> str | None:
        m = self.sector_hits.get(tok.i)
        if m is not None:
            return m.hit.sector
        for t in tok.lefts:
            if t.dep_ in ("compound", "amod") and t.i in self.sector_hits:
                return self.sector_hits[t.i].hit.sector
        return None

    def _from_modifiers(self, tok: Any) -> list[Actor]:
        """A head noun with a sector word and a country among its modifiers: 'Chinese
        Foreign Ministry spokesperson', 'officials from China and Japan', 'the Japanese side'."""
        sector_match = self.sector_hits.get(tok.i)
        sector = sector_match.hit.sector if sector_match else None
        if tok.lemma_.lower() in _ROLE_NOUNS:
            # 'opposition leaders', 'rebel officials': the group word says whose leaders they are
            own = next(
                (
                    self.sector_hits[c.i].hit.sector
                    for c in tok.children
                    if c.dep_ in ("compound", "amod") and c.i in self.sector_hits and c.i < tok.i
                ),
                None,
            )
            sector = own or sector
        found: list[tuple[int, ActorHit, int]] = []  # (distance, hit, token index)
        collected = [tok.i]
        stack = [(c, 1) for c in tok.children]
        while stack:
            t, depth = stack.pop()
            if depth > (7 if t.dep_ in ("appos", "pobj", "prep", "poss") else 4):
                continue
            ok = (
                (t.i < t.head.i and t.dep_ in _LEFT_DEPS)
                or (t.i > t.head.i and t.dep_ in _RIGHT_DEPS)
                or t.dep_ == "conj"
                and depth > 1
            )
            if t.dep_ == "prep" and t.lower_ not in _NP_PREPS:
                ok = False
            if not ok:
                continue
            collected.append(t.i)
            m = self.hits.get(t.i)
            if m is not None and m.hit.code and m.hit.kind != "person":
                found.append((depth, m.hit, t.i))
            if sector is None and t.i in self.sector_hits and t.dep_ in ("compound", "amod", "pobj", "appos", "nmod"):
                sector = self.sector_hits[t.i].hit.sector
            stack.extend((c, depth + 1) for c in t.children)
        if not found and sector is not None:
            # 'their forces', 'its government': the owner the pronoun points back to, with the head's sector
            owner = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
            ref = self._resolve_one(owner) if owner is not None else []
            if ref and ref[0].code:
                a = ref[0]
                return [self._span_actor(owner.i, tok.i, a.code, sector, a.name, a.source, "group")]
        if not found:
            return []
        found.sort(key=lambda f: (f[0], abs(f[2] - tok.i)))
        first, last = min(collected), max(collected)
        if last - first > 12:
            first, last = max(first, tok.left_edge.i), tok.i
        best_depth = found[0][0]
        # several countries at the same depth joined by 'and' (officials from China and Japan)
        codes: list[ActorHit] = []
        for depth, hit, _i in found:
            if (
                hit.code
                and all(hit.code != c.code for c in codes)
                and (depth == best_depth or self.doc[_i].dep_ == "conj")
            ):
                codes.append(hit)
        if tok.lemma_.lower() in _ROLE_NOUNS and codes and all(h.kind == "people" for h in codes):
            sector = "CVL"  # 'Rohingya leaders', 'Yoruba leaders': leaders of a people, not officials
        out = []
        for hit in codes:
            sec = sector
            if sec is None:
                sec = (
                    hit.sector if hit.kind in ("organisation", "person") else ("GOV" if tok.lower_ == "side" else None)
                )
            out.append(
                self._span_actor(
                    first,
                    last,
                    hit.code or "",
                    sec or "UNK",
                    hit.name,
                    f"{hit.entry_id}+modifier",
                    "person"
                    if sector_match and tok.tag_ in ("NN", "NNP") and tok.lemma_.lower() in _PERSON_NOUNS
                    else "group",
                )
            )
        return out

    # -- salience for pronouns ---------------------------------------------------
    def note(self, actors: list[Actor], tok: Any) -> None:
        """Remember the latest subject for later pronouns."""
        if not actors or tok.pos_ == "PRON":
            return
        a = actors[0]
        if a.kind == "person" or tok.ent_type_ == "PERSON" and tok.tag_ not in ("NNS", "NNPS"):
            self.last_person = a
        else:
            self.last_group = a

    def note_side(self, actors: list[Actor]) -> None:
        """Remember the countries acting in the story, for 'the two leaders' and 'both sides'."""
        for actor in actors:
            if actor.code and actor.code not in NON_STATE and actor.source != "in-article:the-two-sides":
                self.recent_sides = [r for r in self.recent_sides if r.code != actor.code][-3:] + [actor]

    def countries_in(self, span: Any) -> list[tuple[int, ActorHit]]:
        """Country-bearing dictionary hits inside a span, one per match, in order."""
        out, seen = [], set()
        for i in range(span.start, span.end):
            m = self.hits.get(i)
            if m is not None and m.hit.code and m.start not in seen:
                seen.add(m.start)
                out.append((m.start, m.hit))
        return out
