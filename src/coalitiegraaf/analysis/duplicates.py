"""Duplicated effort, defined by what coordination needs.

Two efforts may duplicate each other when the graph says they work on the same purpose
(``cg:pursues``, with the letter's words), neither is part of, built on, funded or run by the
other, and the owner of neither already deals with the other (talks with it, funds it, runs
it). What kind of duplication it is, and how strong, follows from what the purpose is, who owns
the efforts and when they run (README, "For coordinators"):

- ``reinvented-wheel``: the letter's own warning of duplicated work, with the tracks that work
  on what it warns about (pairs of those tracks are not listed again on their own);
- ``parallel-vision``: two future images or visions on the same purpose;
- ``parallel-exploration``: one of the two is only being explored, while the other already
  works on the purpose;
- ``parallel-instrument``: owners in two ministries, in the same period;
- ``same-aim``: any other pair on one purpose;
- ``complementary-check``: what the letter calls complementary or cooperating is not
  duplication; it is reported so that a coordinator checks the division of work.

Like the gaps, what rules a duplication out is read from every statement, whatever its support:
a complementarity the letter implies (which initiatives "de bestaande initiatieven" are) or
intends (a cooperation whose form is still to be settled) is reported as a check, with its
support, and never as duplication.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from coalitiegraaf.analysis.facts import Facts, local, overlap, support_of
from coalitiegraaf.analysis.model import MEDIUM, STATED, STRONG, SUPPORTS, Evidence, Finding, both, each, say

KINDS = ("reinvented-wheel", "parallel-vision", "parallel-exploration", "parallel-instrument", "same-aim",
         "complementary-check")
# relations that say what an effort is about, not how two efforts hang together
DESCRIBING = ("pursues", "takesPlaceIn", "warnsOfDuplicatedWorkOn")
COMPLEMENTING = ("complements", "cooperatesWith", "intendsToCooperateWith")
# above this many efforts on one purpose, pairs say less than the group does (and grow quadratically)
PAIRS_UP_TO = 30


def duplicates(facts: Facts) -> list[Finding]:
    """Candidate duplicated efforts and stated complementarity, strongest first."""
    pursuing: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    for r in facts.relations_named("pursues"):
        pursuing[r["to"]][r["from"]] = r
    findings, warned = [], set()
    for warning in facts.relations_named("warnsOfDuplicatedWorkOn"):
        warned.add(warning["to"])
        findings.append(_reinvented_wheel(facts, warning, pursuing.get(warning["to"], {})))
    linked = _linked_pairs(facts)
    for purpose, efforts in sorted(pursuing.items()):
        if purpose in warned or len(efforts) < 2:
            continue
        if len(efforts) > PAIRS_UP_TO:
            findings.append(_group(facts, purpose, list(efforts.values())))
            continue
        for a, b in itertools.combinations(sorted(efforts), 2):
            if frozenset((a, b)) not in linked and not _dealt_with(facts, linked, a, b):
                findings.append(_pair(facts, purpose, efforts[a], efforts[b]))
    findings += complementary(facts)
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(findings, key=lambda f: (f.strength != STRONG, order[f.kind], f.subject_label,
                                           f.other_label))


def complementary(facts: Facts) -> list[Finding]:
    """What the letter calls complementary or cooperating, one finding per statement of it (one
    sentence may name several initiatives): not duplication, but a division of work to check."""
    groups: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for r in facts.relations_named(*COMPLEMENTING, admitted=False):
        if facts.kind(r["from"]) == "actor" and facts.kind(r["to"]) == "actor":
            continue  # talks between actors are not efforts that could overlap
        said = " | ".join(sorted(facts.sources.get(r["dependency"], {}).get("quote", [])))
        groups[r["from"], r["relation"], said].append(r)
    findings = []
    for (effort, relation, _), rows in sorted(groups.items()):
        others = sorted({r["to"] for r in rows}, key=facts.label)
        supports = sorted({support_of(r) for r in rows}, key=SUPPORTS.index)
        stated = supports == [STATED]
        evidence = (*_said(facts, rows[0]), *(e for other in others for e in facts.evidence(other)))
        according = f"according_{supports[-1]}"
        sentence = both("complementary-check", a=facts.both(effort), relation=facts.both(relation),
                        others=facts.listed(others),
                        according=each(lambda lang, key=according: say(key, lang)))
        details = {"relation": local(relation), "support": supports}
        findings.append(facts.finding("duplicates", "complementary-check", STRONG if stated else MEDIUM,
                                      (effort, *others), sentence, evidence, details))
    return findings


def _pair(facts: Facts, purpose: str, ra: dict[str, str], rb: dict[str, str]) -> Finding:
    if facts.is_explored(rb["from"]) and not facts.is_explored(ra["from"]):
        ra, rb = rb, ra  # the one being explored first
    a, b = ra["from"], rb["from"]
    owners_a, owners_b = facts.owner_organisations(a), facts.owner_organisations(b)
    different = bool(owners_a) and bool(owners_b) and not owners_a & owners_b
    foresight = facts.is_a(purpose, "ForesightPurpose")
    same_period = overlap(facts.period(a), facts.period(b))
    ministries = different and all(any(map(facts.is_ministry, owners)) for owners in (owners_a, owners_b))
    explored = facts.is_explored(a)
    stated = support_of(ra) == support_of(rb) == STATED
    kind = ("parallel-vision" if foresight else "parallel-exploration" if explored else
            "parallel-instrument" if ministries and same_period else "same-aim")
    strength = STRONG if stated and different and (foresight or same_period) else MEDIUM
    evidence = (*_said(facts, ra), *_said(facts, rb), *_period_evidence(facts, a),
                *_period_evidence(facts, b))
    sentence = both(kind, a=_owned(facts, a, owners_a), b=_owned(facts, b, owners_b),
                    purpose=_purpose(facts, purpose))
    return facts.finding("duplicates", kind, strength, (a, b), sentence, evidence, {
        "purpose": purpose, "owners": [sorted(owners_a), sorted(owners_b)],
        "periods": [facts.period(a), facts.period(b)], "support": [support_of(ra), support_of(rb)]})


def _reinvented_wheel(facts: Facts, warning: dict[str, str], pursuing: dict[str, dict[str, str]]) -> Finding:
    barrier, purpose = warning["from"], warning["to"]
    responses = {r["from"]: r for r in facts.relations_named("respondsTo") if r["to"] == barrier}
    tracks = sorted((e for e in pursuing if e not in responses), key=facts.label)
    responders = sorted(responses, key=facts.label)
    evidence = (*_said(facts, warning), *(e for t in tracks for e in _said(facts, pursuing[t])),
                *(e for r in responders for e in _said(facts, responses[r])))
    # the responders answer the warning: named in the sentence, not among the duplicating tracks
    listed = facts.listed(responders)
    response = each(lambda lang: say("wheel_response", lang, responders=listed[lang]) if responders else "")
    sentence = both("reinvented-wheel", purpose=_purpose(facts, purpose), tracks=facts.listed(tracks),
                    response=response)
    strength = STRONG if support_of(warning) == STATED else MEDIUM
    return facts.finding("duplicates", "reinvented-wheel", strength, (barrier, *tracks), sentence, evidence,
                         {"purpose": purpose, "tracks": tracks, "responses": responders})


def _group(facts: Facts, purpose: str, rows: list[dict[str, str]]) -> Finding:
    efforts = sorted((r["from"] for r in rows), key=facts.label)
    rest = {"nl": f"{len(efforts) - 5} andere", "en": f"{len(efforts) - 5} others"}
    return facts.finding("duplicates", "same-aim", MEDIUM, tuple(efforts),
                         both("same-aim", a=facts.listed(efforts[:5]), b=rest,
                              purpose=_purpose(facts, purpose)),
                         tuple(e for r in rows[:5] for e in _said(facts, r)),
                         {"purpose": purpose, "efforts": len(efforts)})


def _linked_pairs(facts: Facts) -> set[frozenset[str]]:
    """Pairs that the graph relates in any way other than by describing them, whatever the
    support: not candidates for duplication. One is part of, builds on, funds, runs, answers or
    talks with the other; or the letter calls them complementary, which is reported as such."""
    pairs = {frozenset((r["from"], r["to"])) for r in facts.relations
             if local(r["relation"]) not in DESCRIBING}
    pairs |= {frozenset((part, whole)) for part, whole in facts.wholes.items()}
    return pairs


def _dealt_with(facts: Facts, linked: set[frozenset[str]], a: str, b: str) -> bool:
    """Whether the owner of one effort already deals with the other (talks with it, funds it,
    runs it, in any statement): then the two are coordinated, not unaware duplicates."""
    return any(frozenset((owner, other)) in linked
               for effort, other in ((a, b), (b, a)) for owner in facts.owners.get(effort, ()))


def _owned(facts: Facts, effort: str, owners: set[str]) -> dict[str, str]:
    if not owners or facts.kind(effort) == "actor":
        return facts.both(effort)
    return both("owned_by", effort=facts.both(effort),
                owner=facts.listed(sorted(owners, key=facts.short), short=True))


def _purpose(facts: Facts, purpose: str) -> dict[str, str]:
    return each(lambda lang: facts.label(purpose, lang)[:1].lower() + facts.label(purpose, lang)[1:])


def _said(facts: Facts, statement: dict[str, str]) -> tuple[Evidence, ...]:
    """The letter's words for a relation, speaking for the node it goes from."""
    return facts.evidence(statement["dependency"], statement["from"], support_of(statement))


def _period_evidence(facts: Facts, effort: str) -> tuple[Evidence, ...]:
    return tuple(e for r in facts.relations_from("takesPlaceIn", effort) for e in _said(facts, r))
