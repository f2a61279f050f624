"""The category a mention ends up in, and its status (docs/coding.md, section 5).

``reclassify`` applies the rules that change a pattern's category from what the clause says
about its actors ('a joint operation' is cooperation, a government's 'protest' is an
accusation); ``apply_status`` reads negation, modality and tense (PLOVER: future cooperation
is AGREE, a conditional use of force is THREATEN, a negated cooperation is REJECT).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from dyadwatch.actors.resolver import Actor
from dyadwatch.coding import clauses as cl
from dyadwatch.coding.patterns import Pattern
from dyadwatch.coding.vocab import words

# The mode a conditional (threatened) use of each category gets under THREATEN.
THREAT_MODE = {
    "ASSAULT": "violence",
    "MOBILIZE": "violence",
    "COERCE": "restrict",
    "SANCTION": "restrict",
    "PROTEST": None,
    "RETREAT": "relations",
    "REJECT": None,
    "ACCUSE": None,
}


class Category(NamedTuple):
    event: str
    mode: str | None
    cameo: str


def reclassify(tok: Any, pat: Pattern, comp: Any, obj: Any, actors: list[Actor]) -> Category | None:
    """The pattern's category, changed by what the clause says of its actors; ``None`` for
    private visits or meetings of civilians (no CONSULT)."""
    cat = Category(pat.event, pat.mode, pat.cameo)
    joint_thing = obj if obj is not None else (tok if pat.kind == "noun" else None)
    if (
        joint_thing is not None
        and cat.event in ("ASSAULT", "MOBILIZE", "COERCE")
        and any(c.lower_ in ("joint", "combined") for c in joint_thing.children if c.dep_ == "amod")
    ):
        # 'French and German customs officers carried out a joint operation against smugglers'
        cat = Category("COOPERATE", None, "061")
    if (
        cat.event == "COOPERATE"
        and "military" in pat.context
        and pat.kind == "noun"
        and len({a.code for a in actors}) == 1
        and not any(c.dep_ == "prep" and c.lower_ in ("with", "between") for c in tok.children)
    ):
        # 'Maduro ordered a nationwide military exercise': one country's drill is a show of force
        cat = Category("MOBILIZE", "weapons", "154")
    # an event noun's mission may hang on the verb carrying it ('announced the deployment of troops
    # to Cyprus with a peacekeeping force')
    scope = tok.head if pat.kind == "noun" and tok.dep_ in ("dobj", "nsubjpass") else tok
    keeping = words("peacekeeping_words")
    if cat.event == "MOBILIZE" and cat.mode in ("troops", None) and any(
        t.lemma_.lower() in keeping or t.lower_ in keeping for t in scope.subtree
    ):
        # 'sent 250 soldiers to the UN force in Lebanon': providing peacekeepers
        cat = Category("AID", None, "074")
    if cat.event == "PROTEST" and cat.mode == "demo" and pat.kind == "verb" and all(a.sector == "GOV" for a in actors):
        # a government does not march: 'Japan protested against the summons' is a diplomatic protest
        cat = Category("ACCUSE", "disapprove", "114")
    if cat.event == "CONSULT" and all(a.sector == "CVL" for a in actors):
        # 'tourists made 7 million visits to Japan': travel, not a consultation
        return None
    if cat.event == "AGREE" and pat.kind == "verb" and tok.lemma_.lower() in words("promising_verbs"):
        promised = comp if comp is not None else next((c for c in tok.children if c.dep_ == "xcomp"), None)
        if promised is not None and cl.is_negated(promised):
            # 'vowed not to give up the islands', 'pledged never to accept': a refusal
            cat = Category("REJECT", None, "120")
    return cat


def apply_status(
    cat: Category, quad: int, mod: dict[str, Any], rv: Any, tok: Any, pat: Pattern
) -> tuple[Category, str] | None:
    """The category and status after negation, modality and tense; ``None`` for 'X must ...'
    inside a statement (the speaker's request, coded by deontic.py)."""
    event, mode, cameo = cat
    status = "asserted"
    if mod["negated"]:
        if pat.negated is not None:
            event, mode, cameo = pat.negated.event, pat.negated.mode, pat.negated.cameo or cameo
        elif quad in (1, 2) and not (event == "CONSULT" and tok.lemma_.lower() in words("topic_verbs")):
            event, mode, cameo = "REJECT", ("meet" if event == "CONSULT" else None), "120"
        else:
            status = "negated"
    elif mod["deontic"] and rv is not None:
        return None
    elif (
        mod["conditional"]
        and (mod["future"] or mod["hypothetical"])
        and (quad in (3, 4) or event in ("RETREAT", "SANCTION"))
    ):
        event, mode, cameo = "THREATEN", THREAT_MODE.get(event), "130"
    elif mod["future"]:
        if pat.future is not None:
            event, mode, cameo = pat.future.event, pat.future.mode, pat.future.cameo or cameo
            status = "asserted"  # the promise or the threat is made now
        elif quad in (1, 2) and event != "AGREE":
            # PLOVER: future cooperation is an AGREE, and the promise is made now
            event, mode, cameo, status = "AGREE", ("meet" if event == "CONSULT" else None), "030", "asserted"
        elif event == "AGREE" or event in words("said_now_categories"):
            status = "asserted"  # 'will refuse to obey': the refusal is made now
        else:
            status = "future"
    elif mod["hypothetical"]:
        status = "hypothetical"
    return Category(event, mode, cameo), status
