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
from dataclasses import replace

from coalitiegraaf.analysis.facts import Facts
from coalitiegraaf.analysis.graphs import role_weight
from coalitiegraaf.analysis.model import MEDIUM, STRONG, Finding, both, each, listing, say
from coalitiegraaf.analysis.organisations import Part, coordinating_organisations, main_part, participation

# an organisation in more coalitions and collaborations than this is a hub (the brokers list
# it), not an overlap of any two of them; pairs through it would also grow quadratically
HUB = 30
# a role at least this weighty (partner, lead, member, funder) is a full part in the work
FULL = 0.75


def shared_organisations(facts: Facts) -> dict[tuple[str, str], set[str]]:
    """Per pair of coalitions or collaborations (neither part of the other), the organisations
    both have in a substantive role, the coordinating organisation and hubs left out."""
    coordinating = coordinating_organisations(facts)
    efforts_of: dict[str, list[str]] = defaultdict(list)
    for effort, members in participation(facts).items():
        for organisation in members:
            if organisation not in coordinating:
                efforts_of[organisation].append(effort)
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for organisation, efforts in efforts_of.items():
        if len(efforts) <= HUB:
            for a, b in itertools.combinations(sorted(efforts), 2):
                if facts.wholes.get(a) != b and facts.wholes.get(b) != a:
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
    findings = []
    for (a, b), shared in shared_organisations(facts).items():
        weights_a = _weights(taking_part[a], coordinating)
        weights_b = _weights(taking_part[b], coordinating)
        full = [o for o in shared if min(weights_a[o], weights_b[o]) >= FULL]
        subjects = sorted(_subjects(facts, a, pursued) & _subjects(facts, b, pursued), key=facts.label)
        strength = STRONG if len(full) >= 2 and subjects else MEDIUM
        ordered = sorted(shared, key=lambda o: (-min(weights_a[o], weights_b[o]), facts.short(o)))
        members = {o: (taking_part[a][o], taking_part[b][o]) for o in ordered}

        def shared_in(lang: str, members=members) -> str:
            return listing([say("overlap_member", lang, organisation=facts.short(o, lang),
                                role_a=_role(facts, parts_a, lang), role_b=_role(facts, parts_b, lang))
                            for o, (parts_a, parts_b) in members.items()], lang)

        listed = facts.listed(subjects)
        subject = each(lambda lang, listed=listed: say("overlap_subject", lang, subjects=listed[lang])
                       if listed[lang] else "")
        sentence = both("overlap", a=facts.both(a), b=facts.both(b), count=len(shared),
                        shared=each(shared_in), subject=subject)
        evidence = tuple(e for o in ordered for effort in (a, b)
                         for e in facts.evidence(main_part(taking_part[effort][o]).statement, effort))
        jaccard = round(_weighted_jaccard(weights_a, weights_b), 3)
        details = {"shared": len(shared), "full_roles": len(full), "subjects": subjects,
                   "weighted_jaccard": jaccard}
        finding = facts.finding("overlaps", "shared-organisations", strength, (a, b, *ordered), sentence,
                                evidence, details, score=jaccard,
                                reasons=tuple(facts.short(o) for o in ordered))
        findings.append(replace(finding, other=b, other_label=facts.label(b)))
    return sorted(findings, key=lambda f: (f.strength != STRONG, -f.details["full_roles"],
                                           -f.details["shared"], -f.score, f.subject_label, f.other_label))


def overlap_matrix(facts: Facts, size: int) -> tuple[list[str], list[list[int]]]:
    """Shared organisations (as :func:`shared_organisations` counts them) of every pair of the
    ``size`` coalitions and collaborations that share most; the diagonal holds each one's
    organisations in a substantive role."""
    pairs = shared_organisations(facts)
    coordinating = coordinating_organisations(facts)
    own = {e: {o for o in members if o not in coordinating} for e, members in participation(facts).items()}
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
