"""Overlaps that mean something: two coalitions or collaborations (neither part of the other)
in which the same organisations take a substantive part.

A coordinating or facilitating role is not overlap, and the organisation that coordinates the
agenda is left out: it is in nearly every coalition by its role, which tells a coordinator
nothing. Organisations count as the coordinator sees them (a minister is the ministry). The
sentence says which organisations are shared, in which roles, and what subject both work on.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from functools import cache

from coalitiegraaf.analysis.facts import Facts
from coalitiegraaf.analysis.graphs import role_weight
from coalitiegraaf.analysis.model import MEDIUM, STRONG, Finding, both, each, listing, say
from coalitiegraaf.analysis.organisations import (
    Part,
    cited,
    coordinating_organisations,
    main_part,
    participation,
)

# an organisation in more coalitions and collaborations than this is a hub (the brokers list
# it), not an overlap of any two of them; pairs through it would also grow quadratically
HUB = 30
# a role at least this weighty (partner, lead, member, funder) is a full part in the work
FULL = 0.75


def shared_organisations(facts: Facts) -> dict[tuple[str, str], set[str]]:
    """Per pair of coalitions or collaborations (neither part of the other), the organisations
    both have in a substantive role, the coordinating organisation and hubs left out."""
    return _shared(facts, participation(facts), coordinating_organisations(facts))


def _shared(facts: Facts, taking_part: dict[str, dict[str, list[Part]]],
            coordinating: set[str]) -> dict[tuple[str, str], set[str]]:
    efforts_of: dict[str, list[str]] = defaultdict(list)
    for effort, members in taking_part.items():
        for organisation in members:
            if organisation not in coordinating:
                efforts_of[organisation].append(effort)
    wholes = facts.wholes
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for organisation, efforts in efforts_of.items():
        if len(efforts) <= HUB:
            for a, b in itertools.combinations(sorted(efforts), 2):
                if wholes.get(a) != b and wholes.get(b) != a:
                    pairs[a, b].add(organisation)
    return dict(pairs)


def overlaps(facts: Facts) -> list[Finding]:
    """Pairs of coalitions and collaborations that share organisations in substantive roles,
    strongest first. Strong: two or more shared organisations in a full role (partner, lead,
    member or funder) on both sides, and a shared subject; medium otherwise."""
    taking_part = participation(facts)
    coordinating = coordinating_organisations(facts)
    pursued: dict[str, set[str]] = defaultdict(set)
    for r in facts.relations_named("pursues"):
        pursued[r["from"]].add(r["to"])
    # a coalition is in many pairs: what is known of it alone is worked out once
    known = _Known(facts, taking_part, coordinating, pursued)
    findings = []
    for (a, b), shared in _shared(facts, taking_part, coordinating).items():
        weights_a, weights_b = known.weights(a), known.weights(b)
        full = [o for o in shared if min(weights_a[o], weights_b[o]) >= FULL]
        subjects = sorted(known.subjects(a) & known.subjects(b), key=known.label)
        strength = STRONG if len(full) >= 2 and subjects else MEDIUM
        ordered = sorted(shared, key=lambda o: (-min(weights_a[o], weights_b[o]), known.short(o)))

        def shared_in(lang: str, ordered=ordered, a=a, b=b) -> str:
            return listing([say("overlap_member", lang, organisation=known.short(o, lang),
                                role_a=known.role(a, o, lang), role_b=known.role(b, o, lang))
                            for o in ordered], lang)

        listed = facts.listed(subjects)
        subject = each(lambda lang, listed=listed: say("overlap_subject", lang, subjects=listed[lang])
                       if listed[lang] else "")
        sentence = both("overlap", a=known.both(a), b=known.both(b), count=len(shared),
                        shared=each(shared_in), subject=subject)
        evidence = tuple(e for o in ordered for effort in (a, b) for e in known.evidence(effort, o))
        jaccard = round(known.weighted_jaccard(a, b), 3)
        details = {"shared": len(shared), "full_roles": len(full), "subjects": subjects,
                   "weighted_jaccard": jaccard}
        findings.append(facts.finding("overlaps", "shared-organisations", strength, (a, b, *ordered),
                                      sentence, evidence, details, score=jaccard,
                                      reasons=tuple(known.short(o) for o in ordered), other=b))
    return sorted(findings, key=lambda f: (f.strength != STRONG, -f.details["full_roles"],
                                           -f.details["shared"], -f.score, f.subject_label, f.other_label))


class _Known:
    """What the overlaps of many pairs ask again and again, worked out once: each coalition's
    weights, subjects and evidence, and the names of nodes and roles."""

    def __init__(self, facts: Facts, taking_part: dict[str, dict[str, list[Part]]], coordinating: set[str],
                 pursued: dict[str, set[str]]) -> None:
        self.weights = cache(lambda effort: _weights(taking_part[effort], coordinating))
        self._total = cache(lambda effort: sum(self.weights(effort).values()))
        self.subjects = cache(lambda effort: _subjects(facts, effort, pursued))
        self._main = cache(lambda effort, organisation: main_part(taking_part[effort][organisation]))
        self.evidence = cache(lambda effort, organisation: cited(facts, self._main(effort, organisation)))
        self.label, self.short, self._both = cache(facts.label), cache(facts.short), cache(facts.both)

    def weighted_jaccard(self, a: str, b: str) -> float:
        """:func:`_weighted_jaccard` of the two coalitions' weights: the sum of the larger
        weights is both sums less the sum of the smaller (weights are quarters, which floats
        add exactly, so the answer is the same to the last bit)."""
        weights_a, weights_b = self.weights(a), self.weights(b)
        if not weights_a and not weights_b:
            return 0.0
        smaller = sum(min(weights_a[x], weights_b[x]) for x in weights_a.keys() & weights_b.keys())
        return smaller / (self._total(a) + self._total(b) - smaller)

    def role(self, effort: str, organisation: str, lang: str) -> str:
        return self.label(self._main(effort, organisation).role, lang)

    def both(self, node: str) -> dict[str, str]:
        return dict(self._both(node))  # a copy: the sentence's makers may change theirs


def overlap_matrix(facts: Facts, size: int) -> tuple[list[str], list[list[int]]]:
    """Shared organisations (as :func:`shared_organisations` counts them) of every pair of the
    ``size`` coalitions and collaborations that share most; the diagonal holds each one's
    organisations in a substantive role."""
    taking_part = participation(facts)
    coordinating = coordinating_organisations(facts)
    pairs = _shared(facts, taking_part, coordinating)
    own = {e: {o for o in members if o not in coordinating} for e, members in taking_part.items()}
    sharing: dict[str, int] = defaultdict(int)
    for (a, b), shared in pairs.items():
        sharing[a] += len(shared)
        sharing[b] += len(shared)
    chosen = sorted(own, key=lambda e: (-sharing[e], -len(own[e]), e))[:size]
    # each coalition followed by its collaborations
    ordered = sorted(chosen, key=lambda e: (facts.wholes.get(e, e), e in facts.wholes, facts.label(e)))
    matrix = [[len(own[a]) if a == b else len(pairs.get((min(a, b), max(a, b)), ())) for b in ordered]
              for a in ordered]
    return ordered, matrix


def _weights(members: dict[str, list[Part]], coordinating: set[str]) -> dict[str, float]:
    return {o: max(role_weight(p.role) for p in parts)
            for o, parts in members.items() if o not in coordinating}


def _role(facts: Facts, parts: list[Part], lang: str) -> str:
    return facts.label(main_part(parts).role, lang)


def _subjects(facts: Facts, effort: str, pursued: dict[str, set[str]]) -> set[str]:
    """What an effort works on: its themes, challenges, domains and purposes, and those of the
    coalition it is a collaboration of."""
    found = {c for e in (effort, facts.wholes.get(effort, effort)) for c, _ in facts.contexts.get(e, ())}
    return found | pursued.get(effort, set())


def _weighted_jaccard(a: dict[str, float], b: dict[str, float]) -> float:
    union = set(a) | set(b)
    if not union:
        return 0.0
    smaller = sum(min(a.get(x, 0), b.get(x, 0)) for x in union)
    return smaller / sum(max(a.get(x, 0), b.get(x, 0)) for x in union)
