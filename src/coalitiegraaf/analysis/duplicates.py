"""Duplicated effort, defined by what coordination needs.

Two efforts may duplicate each other when the graph says they work on the same purpose
(``cg:pursues``, with the letter's words) and neither is part of, built on, funded or run by
the other. What kind of duplication it is, and how strong, follows from who owns them and when
they run (README, "For coordinators"):

- ``parallel-instruments``: owners in two ministries, in the same period;
- ``parallel-exercises``: two future or vision exercises on the same purpose;
- ``same-aim``: any other pair on one purpose;
- ``reinvented-wheel``: the letter's own warning of duplicated work, with the tracks that work
  on what it warns about (those pairs are not listed again on their own);
- ``complementary``: what the letter calls complementary or cooperating is not duplication;
  it is reported so that a coordinator checks the division of work.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from coalitiegraaf.analysis.facts import Facts, local, overlap, support_of
from coalitiegraaf.analysis.model import MEDIUM, STATED, STRONG, Evidence, Finding, both, each, say

KINDS = ("reinvented-wheel", "parallel-instruments", "parallel-exercises", "same-aim", "complementary")
# relations that say what an effort is about, not how two efforts hang together
DESCRIBING = ("pursues", "takesPlaceIn", "isAbout", "isDerivedFrom")
COMPLEMENTING = ("complements", "cooperatesWith")
# above this many efforts on one purpose, pairs say less than the group does (and grow quadratically)
PAIRS_UP_TO = 30


def duplicates(facts: Facts) -> list[Finding]:
    """Candidate duplicated efforts and stated complementarity, strongest first."""
    pursuing: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    for r in facts.relations_named("pursues"):
        pursuing[r["to"]][r["from"]] = r
    findings, warned = [], set()
    for warning in facts.relations_named("isAbout"):
        if facts.is_a(warning["from"], "DuplicationWarning"):
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
            if frozenset((a, b)) not in linked:
                findings.append(_pair(facts, purpose, efforts[a], efforts[b]))
    findings += complementary(facts)
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(findings, key=lambda f: (f.strength != STRONG, order[f.kind], f.subject_label,
                                           f.other_label))


def complementary(facts: Facts) -> list[Finding]:
    """What the letter calls complementary or cooperating, one finding per statement of it (one
    sentence may name several initiatives): not duplication, but a division of work to check."""
    groups: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for r in facts.relations_named(*COMPLEMENTING):
        if facts.kind(r["from"]) == "actor" and facts.kind(r["to"]) == "actor":
            continue  # talks between actors are not efforts that could overlap
        quotes = " | ".join(e.quote for e in facts.evidence(r["dependency"]))
        groups[r["from"], r["relation"], quotes].append(r)
    findings = []
    for (effort, relation, _), rows in sorted(groups.items()):
        others = sorted({r["to"] for r in rows}, key=facts.label)
        stated = all(support_of(r) == STATED for r in rows)
        evidence = (*_said(facts, rows[0]), *(e for other in others for e in facts.evidence(other)))
        sentence = both("complementary", a=facts.both(effort), relation=facts.both(relation),
                        others=facts.listed(others))
        details = {"relation": local(relation), "support": sorted({support_of(r) for r in rows})}
        findings.append(facts.finding("duplicates", "complementary", STRONG if stated else MEDIUM,
                                      (effort, *others), sentence, evidence, details))
    return findings


def _pair(facts: Facts, purpose: str, ra: dict[str, str], rb: dict[str, str]) -> Finding:
    a, b = ra["from"], rb["from"]
    owners_a, owners_b = facts.owner_organisations(a), facts.owner_organisations(b)
    different = bool(owners_a) and bool(owners_b) and not owners_a & owners_b
    foresight = facts.is_a(purpose, "ForesightPurpose")
    same_period = overlap(facts.period(a), facts.period(b))
    ministries = different and all(any(map(facts.is_ministry, owners)) for owners in (owners_a, owners_b))
    stated = support_of(ra) == support_of(rb) == STATED
    kind = ("parallel-exercises" if foresight else
            "parallel-instruments" if ministries and same_period else "same-aim")
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
    listed = facts.listed(responders)
    response = each(lambda lang: say("wheel_response", lang, responders=listed[lang]) if responders else "")
    sentence = both("reinvented-wheel", purpose=_purpose(facts, purpose), tracks=facts.listed(tracks),
                    response=response)
    strength = STRONG if support_of(warning) == STATED else MEDIUM
    return facts.finding("duplicates", "reinvented-wheel", strength, (barrier, *tracks, *responders),
                         sentence, evidence, {"purpose": purpose, "tracks": tracks, "responses": responders})


def _group(facts: Facts, purpose: str, rows: list[dict[str, str]]) -> Finding:
    efforts = sorted((r["from"] for r in rows), key=facts.label)
    rest = {"nl": f"{len(efforts) - 5} andere", "en": f"{len(efforts) - 5} others"}
    return facts.finding("duplicates", "same-aim", MEDIUM, tuple(efforts),
                         both("same-aim", a=facts.listed(efforts[:5]), b=rest,
                              purpose=_purpose(facts, purpose)),
                         tuple(e for r in rows[:5] for e in _said(facts, r)),
                         {"purpose": purpose, "efforts": len(efforts)})


def _linked_pairs(facts: Facts) -> set[frozenset[str]]:
    """Pairs that the graph relates in any way other than by describing them: not candidates
    for duplication. One is part of, builds on, funds, runs or answers the other, whatever the
    support (a careful reader sees that it is not a second track); or the letter calls them
    complementary or cooperating in a statement the analysis uses, which is reported as such
    (talks about cooperating, an intended statement, leave the pair a candidate by default)."""
    pairs = {frozenset((r["from"], r["to"])) for r in facts.relations
             if local(r["relation"]) not in (*DESCRIBING, *COMPLEMENTING)}
    pairs |= {frozenset((r["from"], r["to"])) for r in facts.relations_named(*COMPLEMENTING)}
    pairs |= {frozenset((part, whole)) for part, whole in facts.wholes.items()}
    return pairs


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
