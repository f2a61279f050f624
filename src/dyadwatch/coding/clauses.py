"""Clause-level facts about an event trigger: its subject, status, attribution and date words.

Pure functions over spaCy tokens; the coder combines them.
"""

from __future__ import annotations

from typing import Any

from dyadwatch.nlp.doc_cache import doc_ents, ent_of  # noqa: F401  (used by the coder as cl.doc_ents)

REPORTING_VERBS = frozenset(
    {
        "say",
        "tell",
        "report",
        "announce",
        "state",
        "add",
        "note",
        "claim",
        "insist",
        "stress",
        "declare",
        "confirm",
        "quote",
        "reiterate",
        "explain",
        "write",
        "comment",
        "argue",
        "assert",
        "maintain",
        "emphasize",
        "emphasise",
        "believe",
        "think",
        "acknowledge",
        "reveal",
        "indicate",
        "disclose",
        "deny",
        "brief",
        "inform",
        "remark",
        "suggest",
        "point",
        "cite",
        "reply",
    }
)
# Verbs whose complement is not (yet) real: "expected to stress", "likely to raise".
HYPOTHETICAL_HEADS = frozenset(
    {
        "expect",
        "likely",
        "possible",
        "consider",
        "hope",
        "want",
        "wish",
        "seek",
        "try",
        "attempt",
        "aim",
        "may",
        "might",
        "could",
        "would",
        "should",
        "propose",
        "mull",
        "weigh",
        "able",
        "unlikely",
    }
)
FUTURE_HEADS = frozenset(
    {"plan", "intend", "set", "prepare", "schedule", "go", "due", "about", "agree", "promise", "pledge", "vow", "offer"}
)
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "can", "would"})
DEONTIC_AUX = frozenset({"must", "should", "ought"})
CONDITION_MARKS = frozenset({"if", "unless"})
_PENDING_MARKS = frozenset({"until", "till", "before"})
# Nouns that carry what someone says: 'a statement urging', 'a letter demanding'.
MESSAGE_NOUNS = frozenset(
    {
        "statement",
        "declaration",
        "communique",
        "communiqué",
        "letter",
        "message",
        "note",
        "appeal",
        "resolution",
        "memo",
        "memorandum",
        "ultimatum",
        "report",
        "warning",
        "motion",
        "decree",
        "order",
    }
)
_SUBJ = ("nsubj", "nsubjpass", "csubj", "expl")


def subject_of(verb: Any) -> tuple[Any | None, bool]:
    """The subject token of a verb (or predicate adjective) and whether it is passive.

    Controlled and shared subjects are followed: the complement of 'urge X to withdraw' has X,
    a conjoined verb shares the first verb's subject, a participle modifying a noun has that
    noun ('ships patrolling the waters')."""
    cur = verb
    for _ in range(6):
        for c in cur.children:
            if c.dep_ == "nsubj":
                return c, False
            if c.dep_ == "nsubjpass":
                return c, True
        dep = cur.dep_
        if dep == "ROOT":
            # 'Besides lodging protests, China, which ..., has asked ...': the parser often hangs
            # the subject on the fronted phrase as an apposition
            for t in cur.sent:
                if t.i >= cur.i:
                    break
                if t.dep_ == "appos" and t.pos_ == "PROPN" and t.head.i < t.i:
                    return t, False
            return None, False
        if (
            dep == "acl"
            and cur.i > 0
            and cur.doc[cur.i - 1].pos_ in ("NOUN", "PROPN")
            and cur.doc[cur.i - 1].i != cur.head.i
        ):
            return cur.doc[cur.i - 1], False
        if dep == "xcomp":
            obj = next((c for c in cur.head.children if c.dep_ in ("dobj", "iobj")), None)
            if obj is not None and cur.head.lemma_ not in ("promise", "offer", "agree", "vow", "pledge"):
                return obj, False
            cur = cur.head
        elif (
            dep == "conj"
            and cur.pos_ == "VERB"
            and cur.head.lemma_ == "be"
            and cur.head.pos_ == "AUX"
            and cur.head.dep_ == "ccomp"
        ):
            # 'Sun told the envoy that the remarks were wrong and urged Japan to ...': the parser hangs
            # the second verb on the reported clause; it belongs with the one who told
            cur = cur.head.head
        elif dep in ("conj", "advcl", "pcomp", "acomp", "attr") or (dep == "ccomp" and cur.head.pos_ == "ADJ"):
            cur = cur.head
        elif dep in ("acl", "relcl") and cur.head.pos_ in ("NOUN", "PROPN", "PRON"):
            noun = cur.head
            if (
                dep == "acl"
                and cur.tag_ != "VBN"
                and noun.lemma_.lower() in MESSAGE_NOUNS
                and noun.dep_ in ("dobj", "nsubjpass")
                and noun.head.pos_ in ("VERB", "AUX")
            ):
                # 'X issued a statement urging Y to ...': the statement speaks for whoever issued it
                cur = noun.head
                continue
            if dep == "acl":
                return noun, cur.tag_ == "VBN"
            cur = cur.head  # relcl without its own subject: rare
            return cur, False
        elif dep == "pobj" or (dep == "prep"):
            cur = cur.head
        else:
            return None, False
    return None, False


def agent_of(verb: Any) -> Any | None:
    """'by X' of a passive verb."""
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


def is_negated(tok: Any) -> bool:
    if any(c.lower_ in ("nor", "neither") for c in tok.children if c.dep_ in ("cc", "preconj", "advmod", "neg", "dep")):
        return True
    if tok.dep_ == "conj" and any(c.lower_ == "nor" and c.i < tok.i for c in tok.head.children):
        return True
    for c in tok.children:
        if c.dep_ == "neg" or c.lower_ in ("never",) and c.dep_ in ("neg", "advmod"):
            return True
        if c.dep_ in ("nsubj", "dobj") and c.lower_ in ("nobody", "none"):
            return True
    return False


def modality(trigger: Any) -> dict[str, Any]:
    """Walk from a trigger up through its complement chain and collect what qualifies it:
    negation, future, hypothetical, deontic (must/should) and conditional markers."""
    out = {
        "negated": False,
        "future": False,
        "hypothetical": False,
        "deontic": False,
        "conditional": False,
        "past_report": False,
    }
    cur = trigger
    for step in range(5):
        if is_negated(cur):
            out["negated"] = not out["negated"] if step == 0 or cur.lemma_ not in REPORTING_VERBS else out["negated"]
        for c in cur.children:
            if c.dep_ in ("aux", "auxpass"):
                w = c.lower_
                if w in FUTURE_AUX or (w == "would" and step == 0 and _under_report(cur)):
                    out["future"] = True
                elif w in HYPOTHETICAL_AUX:
                    out["hypothetical"] = True
                elif w in DEONTIC_AUX:
                    out["deontic"] = True
                if c.lemma_ == "go" and cur.tag_ == "VB":
                    out["future"] = True
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in c.children):
                out["conditional"] = True
        if step > 0 and cur.lemma_ in HYPOTHETICAL_HEADS:
            out["hypothetical"] = True
        if step > 0 and cur.lemma_ in FUTURE_HEADS:
            out["future"] = True
        if cur.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in cur.children):
            out["hypothetical"] = True
        if cur.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _PENDING_MARKS for m in cur.children):
            # 'until their demands are met', 'before they demobilize': not (yet) happened, unless told in the past
            past = cur.tag_ == "VBD" or any(a.dep_ in ("aux", "auxpass") and a.tag_ == "VBD" for a in cur.children)
            if not past:
                out["hypothetical"] = True
        if cur.dep_ in ("xcomp",) or (cur.dep_ == "ccomp" and cur.head.pos_ == "ADJ") or (cur.dep_ == "acomp"):
            cur = cur.head
            continue
        if cur.dep_ == "conj" and step == 0:
            # a conjoined verb shares the auxiliaries of the first one ('will meet and sign')
            head = cur.head
            if not any(c.dep_ in ("aux", "nsubj") for c in cur.children):
                for c in head.children:
                    if c.dep_ == "aux" and c.lower_ in FUTURE_AUX:
                        out["future"] = True
                    if c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_AUX:
                        out["hypothetical"] = True
            break
        break
    return out


def condition_clause(trigger: Any) -> Any | None:
    """The clause head when a trigger states a condition that has not (yet) happened:
    'if he gave them a veto', 'unless Baghdad accepts', 'until their demands are met',
    'before they demobilize'. Such a clause gives the terms of another event."""
    cur = trigger
    for _ in range(5):
        if cur.dep_ == "advcl":
            marks = {m.lower_ for m in cur.children if m.dep_ == "mark"}
            if marks & (CONDITION_MARKS | _PENDING_MARKS):
                past = (
                    cur.tag_ == "VBD"
                    and not marks & CONDITION_MARKS
                    or any(
                        a.dep_ in ("aux", "auxpass") and a.tag_ == "VBD" and a.lower_ != "would" for a in cur.children
                    )
                    and not marks & CONDITION_MARKS
                )
                return None if past else cur
            return None
        if cur.dep_ == "pcomp" and cur.head.lower_ in _PENDING_MARKS | CONDITION_MARKS and cur.tag_ == "VBG":
            return cur  # 'demanded a truce before allowing aid convoys in'
        if cur.dep_ not in ("xcomp", "conj", "dobj", "pobj", "prep", "pcomp", "compound", "nsubj", "ccomp"):
            return None
        cur = cur.head
    return None


def _under_report(verb: Any) -> bool:
    head = verb.head
    return verb.dep_ in ("ccomp", "parataxis") and head.lemma_ in REPORTING_VERBS


def reporting_verb(trigger: Any) -> Any | None:
    """The reporting verb ('said', 'told', 'reported') that frames a trigger, if any."""
    cur = trigger
    for _ in range(6):
        for c in cur.children:
            if c.dep_ == "parataxis" and c.lemma_ in REPORTING_VERBS:
                return c
            if (
                c.dep_ == "conj"
                and c.lemma_ in REPORTING_VERBS
                and c.i > trigger.i
                and c.i == c.sent.root.i + 0
                or (
                    c.dep_ == "conj"
                    and c.lemma_ in REPORTING_VERBS
                    and c.i > trigger.i
                    and not any(x.dep_ in ("dobj", "ccomp") and x.pos_ == "VERB" for x in c.children)
                )
            ):
                return c  # '... held consultations with Kanai, spokesperson Mao Ning told the media'
        if cur.dep_ in ("acomp", "attr"):
            cur = cur.head
            continue
        if cur.dep_ in ("ccomp", "parataxis") and cur.head.lemma_ in REPORTING_VERBS:
            return cur.head
        if cur.head.lemma_ in REPORTING_VERBS and cur.dep_ == "advcl":
            return cur.head
        if cur.dep_ == "ROOT" or cur.head is cur:
            # '..., she said.' parsed with the reporting verb as a sibling
            for c in cur.children:
                if c.dep_ in ("parataxis", "ccomp") and c.lemma_ in REPORTING_VERBS and c.i > trigger.i:
                    return c
            return None
        if cur.dep_ in ("xcomp", "conj", "ccomp", "advcl", "pobj", "prep", "dobj", "pcomp", "acl", "relcl"):
            cur = cur.head
            continue
        return None
    return None


def according_to(sent: Any) -> Any | None:
    """The noun after 'according to' in a sentence."""
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < sent.end and t.nbor(1).lower_ == "to":
            for c in t.nbor(1).children:
                if c.dep_ == "pobj":
                    return c
            for c in t.children:
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
    return None


def date_words(trigger: Any, stop: set[int]) -> list[Any]:
    """DATE entities that attach to the trigger's clause (not to an embedded event)."""
    doc = trigger.doc
    sent = trigger.sent
    out = []
    for ent in doc_ents(doc):
        if ent.label_ not in ("DATE",) or ent.start < sent.start or ent.end > sent.end:
            continue
        cur = ent.root
        for _ in range(8):
            if cur.i == trigger.i:
                out.append(ent)
                break
            if cur.pos_ in ("VERB", "AUX") or cur.head is cur:
                break  # the date belongs to another clause
            cur = cur.head
    return out


def offset_before(tok: Any) -> int | None:
    """'His comments came a day after the ministry said X': the saying was N days before."""
    cur = tok
    for _ in range(4):
        if cur.dep_ == "advcl" or cur.dep_ == "pcomp" or cur.dep_ == "pobj":
            mark = next((c for c in cur.children if c.dep_ == "mark" and c.lower_ == "after"), None)
            if mark is None and cur.head.lower_ == "after":
                mark = cur.head
            if mark is not None:
                head = cur.head if cur.dep_ == "advcl" else mark.head
                for c in list(head.children) + list(mark.children):
                    if c.dep_ == "npadvmod" and c.ent_type_ == "DATE":
                        n = next((x for x in c.children if x.dep_ in ("nummod", "det")), None)
                        num = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}.get(
                            n.lower_ if n is not None else "a", None
                        )
                        if num is None and n is not None and n.like_num:
                            num = int(n.text) if n.text.isdigit() else None
                        unit = {"day": 1, "days": 1, "week": 7, "weeks": 7}.get(c.lower_)
                        if num and unit:
                            return num * unit
        if cur.head is cur:
            break
        cur = cur.head
    return None
