"""Organisations as a coordinator sees them: a ministry with its ministers and state
secretaries, an authority with its directorates, is one organisation (the data keeps posts and
units apart, as ``org:postIn`` and ``org:unitOf``). Which coalitions, collaborations and
programmes is an organisation in, and in which role?"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from coalitiegraaf.analysis.facts import CG, Facts, local, support_of
from coalitiegraaf.analysis.graphs import role_weight
from coalitiegraaf.analysis.model import IMPLIED, MEDIUM, STATED, STRONG, Evidence, Finding, both, each, say

# the relations by which an actor takes part in an effort outside a membership
PARTICIPATING = ("runs", "produces", "delivered", "funds", "contributesTo", "isResponsibleFor",
                 "cooperatesWith", "complements", "inTalksWith", "explores", "intendsToCooperateWith")
# the order in which a coordinator reads an organisation's parts
EFFORT_ORDER = ("coalition", "collaboration", "agenda", "initiative", "actor", "document")


@dataclass(frozen=True)
class Part:
    """An organisation's part in an effort: its role (a membership role or a relation), the
    actor that holds it in the data (the organisation, or one of its posts or units), and the
    statement that says so."""

    organisation: str
    effort: str
    actor: str
    role: str
    statement: str
    support: str
    membership: bool


def cited(facts: Facts, part: Part) -> tuple[Evidence, ...]:
    """The letter's words for a part, speaking for its effort, marked as strongly as the
    letter says them (``(afgeleid)``, ``(beoogd)``)."""
    return facts.evidence(part.statement, part.effort, part.support)


def parts(facts: Facts, every: bool = False) -> list[Part]:
    """Every part any organisation takes in any effort, from the statements the analyses use
    (``every``: whatever their support, each part keeping its own)."""
    memberships = facts.memberships if every else facts.admitted_memberships
    found = [Part(facts.organisation_of(m["member"]), m["organization"], m["member"], m["role"],
                  m["membership"], support_of(m), True) for m in memberships]
    found += [Part(facts.organisation_of(r["from"]), r["to"], r["from"], r["relation"], r["dependency"],
                   support_of(r), False)
              for r in facts.relations_named(*PARTICIPATING, admitted=not every)
              if facts.kind(r["from"]) == "actor"]
    return found


def participation(facts: Facts) -> dict[str, dict[str, list[Part]]]:
    """Per coalition and collaboration, the organisations in it in a substantive role (not a
    coordinating or facilitating one), with their parts."""
    found: dict[str, dict[str, list[Part]]] = defaultdict(lambda: defaultdict(list))
    for part in parts(facts):
        if part.membership and role_weight(part.role) > 0:
            found[part.effort][part.organisation].append(part)
    return {effort: dict(members) for effort, members in found.items()}


def main_part(parts: list[Part]) -> Part:
    """The weightiest of an organisation's parts in one effort."""
    return max(parts, key=lambda p: (role_weight(p.role), p.statement))


def coordinating_organisations(facts: Facts) -> set[str]:
    """The organisations that coordinate the agenda: coordinator of at least half of its
    coalitions (the state secretary's ministry, in the letter), as the letter states or implies
    it, whatever the analysis includes. Leaving an organisation out claims nothing, and a letter
    may give the coordinating role once for all its coalitions (paragraph 29), which makes each
    coalition's coordinator implied."""
    concluded = [m for m in facts.memberships if support_of(m) in (STATED, IMPLIED)]
    coalitions = {m["organization"] for m in concluded if facts.kind(m["organization"]) == "coalition"}
    coordinating: dict[str, set[str]] = defaultdict(set)
    for m in concluded:
        if local(m["role"]) == "coordinator" and m["organization"] in coalitions:
            coordinating[facts.organisation_of(m["member"])].add(m["organization"])
    return {o for o, led in coordinating.items() if coalitions and 2 * len(led) >= len(coalitions)}


def organisation(facts: Facts, node: str) -> list[Finding]:
    """Which coalitions, collaborations and programmes the organisation ``node`` (an IRI, a
    label or an abbreviation; a post or person counts as its organisation) is in, in which role,
    each with the letter's words."""
    target = facts.organisation_of(facts.resolve(node, CG + "Actor"))
    findings = [_finding(facts, part) for part in parts(facts) if part.organisation == target]
    order = {kind: i for i, kind in enumerate(EFFORT_ORDER)}
    return sorted(findings, key=lambda f: (order.get(facts.kind(f.subject), len(order)), f.subject_label,
                                           f.kind, f.details["through"]))


def _finding(facts: Facts, part: Part) -> Finding:
    via = each(lambda lang: say("via", lang, post=facts.label(part.actor, lang))
               if part.actor != part.organisation else "")
    values = dict(organisation=facts.both(part.organisation, short=True), effort=facts.both(part.effort),
                  via=via)
    if part.membership:
        sentence = both("member-of", role=facts.both(part.role), **values)
    else:
        sentence = both("acts-on", relation=facts.both(part.role), **values)
    return Finding("organisation", part.effort, facts.label(part.effort), 0.0, part.organisation,
                   facts.label(part.organisation), (facts.label(part.role),),
                   cited(facts, part),
                   {"role": part.role, "through": part.actor, "statement": part.statement,
                    "support": part.support},
                   kind=local(part.role), strength=STRONG if part.support == STATED else MEDIUM,
                   sentence=sentence, nodes=(part.effort, part.organisation))
