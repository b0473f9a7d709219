"""Gaps: what the agenda lacks, only where the graph read whole shows that nothing responds,
and always with the words of the letter that establish the gap.

Claiming an absence is the opposite of claiming a relation: a response the letter only implies,
or intends, still answers a barrier. So the gaps read every statement, whatever its support,
while the other analyses use stated ones unless asked otherwise. The kinds (README, "For
coordinators"):

- ``no-coalition``: a cross-cutting theme without a coalition, or whose coalition is only being
  explored ("verken ik of ...") (strong);
- ``coalition-in-formation``: a cross-cutting theme whose coalition is still being formed (strong);
- ``no-plan``: a formed or forming coalition without the plan of approach the letter asks of
  every coalition, or whose action lines lack owner, milestone, deadline or concrete goal
  (strong: the letter's own words say the plans are still to come);
- ``unanswered-barrier``: a barrier the letter names that nothing responds to (strong);
- ``unaddressed-challenge``: a challenge a theme takes on that no coalition, collaboration,
  programme, document or other theme takes up (medium: the letter names challenges as examples);
- ``unaddressed-certainty``: a certainty for 2040 from which the letter derives no driver, alone
  or in the set it belongs to, and that nothing takes up (strong).
"""

from __future__ import annotations

from collections import defaultdict

from coalitiegraaf.analysis.facts import Facts, local
from coalitiegraaf.analysis.model import MEDIUM, STRONG, Finding, both, each, listing, say

KINDS = ("no-coalition", "coalition-in-formation", "unanswered-barrier", "unaddressed-certainty", "no-plan",
         "unaddressed-challenge")
RESPONDING = ("respondsTo", "addresses")
# what a plan of approach needs, in the order the letter names it, as plan-gaps.rq names them
PLAN_NEEDS = ("concreet doel", "actiehouder", "mijlpaal", "deadline")
PLANNING = ("formed", "in-formation")


def gaps(facts: Facts) -> list[Finding]:
    """Every gap of the agenda, strongest first."""
    findings = [*_themes(facts), *_plans(facts), *_barriers(facts), *_challenges(facts), *_certainties(facts)]
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(findings, key=lambda f: (f.strength != STRONG, order[f.kind], f.subject_label))


def _themes(facts: Facts) -> list[Finding]:
    coalitions: dict[str, set[str]] = defaultdict(set)
    formed: dict[str, bool] = {}
    for row in facts.themes:
        formed[row["theme"]] = formed.get(row["theme"], False) or row.get("formed") == "true"
        if row.get("coalition"):
            coalitions[row["theme"]].add(row["coalition"])
    findings = []
    for theme in sorted(t for t, done in formed.items() if not done):
        found = sorted(coalitions[theme])
        statuses = [s for c in found for s in facts.values("status", c)]
        forming = any(local(s) == "in-formation" for s in statuses)
        if statuses:
            sentence = both("no-formed-coalition", theme=facts.both(theme), status=facts.listed(statuses))
        else:
            sentence = both("no-coalition", theme=facts.both(theme))
        evidence = (*facts.evidence(theme), *(e for c in found for e in facts.status_evidence(c)))
        kind = "coalition-in-formation" if forming else "no-coalition"
        findings.append(facts.finding("gaps", kind, STRONG, (theme, *found), sentence, evidence,
                                      {"coalitions": found, "status": statuses}))
    return findings


def _plans(facts: Facts) -> list[Finding]:
    lacking: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in facts.plan_gaps:
        lacking[row["coalition"]][row["item"]].add(row["missing"])
    # what a coalition implements (its working method) says what its plan must hold
    method = {r["from"]: r["to"] for r in facts.relations_named("implements", admitted=False)}
    findings = []
    for coalition, items in sorted(lacking.items()):
        if not any(local(s) in PLANNING for s in facts.values("status", coalition)):
            continue  # a coalition that is only explored: its theme's gap says it all
        lines = sorted((i for i in items if i != coalition), key=facts.label)
        if not lines:
            sentence = both("plan-missing-lines", coalition=facts.both(coalition))
        else:
            missing = [need for need in PLAN_NEEDS if any(need in items[i] for i in lines)]
            sentence = both("plan-missing-parts", coalition=facts.both(coalition), count=len(lines),
                            missing=each(lambda lang, missing=missing: listing(
                                [say(f"need_{need}", lang) for need in missing], lang)))
        # of the working method's words, those that ask for the plan
        asked = facts.evidence(method[coalition]) if coalition in method else ()
        asked = [e for e in asked if "plan" in e.quote.casefold()] or asked
        evidence = (*facts.evidence(coalition), *asked, *(e for line in lines for e in facts.evidence(line)))
        findings.append(facts.finding("gaps", "no-plan", STRONG, (coalition, *lines), sentence, evidence,
                                      {"lacking": {item: sorted(needs) for item, needs in items.items()}}))
    return findings


def _barriers(facts: Facts) -> list[Finding]:
    answered = {r["to"] for r in facts.relations_named(*RESPONDING, admitted=False)}
    return [facts.finding("gaps", "unanswered-barrier", STRONG, (barrier,),
                          both("unanswered-barrier", barrier=facts.both(barrier)),
                          facts.evidence(barrier), {})
            for barrier in _nodes(facts, "barrier") if barrier not in answered]


def _challenges(facts: Facts) -> list[Finding]:
    themes = sorted({row["theme"] for row in facts.themes})
    taking_up: dict[str, set[str]] = defaultdict(set)
    for node, contexts in facts.contexts.items():
        for context, kind in contexts:
            if kind == "challenge":
                taking_up[context].add(node)
    for r in facts.relations_named(*RESPONDING, "isResponsibleFor", admitted=False):
        taking_up[r["to"]].add(r["from"])
    findings = []
    for theme in themes:
        for challenge, kind in sorted(facts.contexts.get(theme, ())):
            others = {n for n in taking_up[challenge] if n != theme and facts.kind(n) != "technology"}
            if kind == "challenge" and not others:
                findings.append(facts.finding(
                    "gaps", "unaddressed-challenge", MEDIUM, (challenge, theme),
                    both("unaddressed-challenge", challenge=facts.both(challenge), theme=facts.both(theme)),
                    (*facts.evidence(challenge), *facts.evidence(theme)), {}))
    return findings


def _certainties(facts: Facts) -> list[Finding]:
    drivers = {n for n in facts.structure.get("type", {}) if facts.is_a(n, "Driver")}
    answered = {r["to"] for r in facts.relations_named(*RESPONDING, admitted=False)}
    # the letter derives its drivers from the certainties taken together: a driver linked to the
    # set answers every certainty in it
    linked = {x for r in facts.relations if {r["from"], r["to"]} & drivers for x in (r["from"], r["to"])}
    answered |= linked | {part for whole in linked for part in facts.values("hasPart", whole)}
    certainties = sorted((n for n in facts.structure.get("type", {}) if facts.is_a(n, "Certainty")),
                         key=facts.label)
    return [facts.finding("gaps", "unaddressed-certainty", STRONG, (c,),
                          both("unaddressed-certainty", certainty=facts.both(c)), facts.evidence(c), {})
            for c in certainties if c not in answered]


def _nodes(facts: Facts, kind: str) -> list[str]:
    return sorted((n for n in facts.names.get("nl", {}) if facts.kind(n) == kind), key=facts.label)
