"""How much of the letter's graph intake finds, reading the letter as if it were new.

Runs ``coalitiegraaf intake`` on the seed letter with only the ontology loaded (no graph, so
nothing is recognised because the graph already names it: only the footnotes, TOOI and the
words things are named with) and compares the candidates with the graph:

- recall: the share of the graph's cited documents (what the letter cg:cites), organisations
  (cg:Organisation and its subclasses) and initiatives (…/id/initiative/) that some candidate
  names;
- precision: the share of candidates that name something of their sheet's kind in the graph (a
  policy document, an actor, an initiative).

A candidate names a node when they share an IRI (official ids), an owl:sameAs or rdfs:seeAlso
address, or a name: the candidate's label or abbreviation equals one of the node's labels,
abbreviations or titles, or (for names of two words or more) stands whole within one of them.
Failing that, it names the node whose evidence it points at: the same passage, and the words it
found stand within the node's quote (or the other way round), so that a reviewer starting from
the candidate reads the words the node was made from. Each candidate counts for one node at most.

    python bench/intake.py [LETTER.txt]
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import OWL, RDF, RDFS, URIRef
from rdflib.namespace import DCTERMS, SKOS

from coalitiegraaf.authoring.intake import intake
from coalitiegraaf.authoring.names import Names, fold
from coalitiegraaf.authoring.sheets import graph_of
from coalitiegraaf.project import load
from coalitiegraaf.store.namespaces import CG, GRAPH, ID

LETTER = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "sources"
    / "kamerbrief-2023-07-07-coalities-digitale-samenleving.txt"
)
SOURCE = "kst-26643-1055"
KINDS = {"documents": CG.PolicyDocument, "actors": CG.Actor, "initiatives": CG.Initiative}


def measure(text: str) -> dict:
    shipped = load()
    graph = graph_of(shipped, GRAPH[SOURCE])
    names = Names(shipped.graph())
    result = intake(text, "kst-as-new", load(include_shipped=False))
    wanted = {
        "documents": set(graph.objects(ID[f"document/{SOURCE}"], CG.cites)),
        "actors": {
            n
            for n in set(graph.subjects(RDF.type, None))
            if str(n).startswith(f"{ID}actor/")
            and any(CG.Organisation in names.ancestors(t) for t in graph.objects(n, RDF.type))
        },
        "initiatives": {
            n for n in set(graph.subjects(RDF.type, None)) if str(n).startswith(f"{ID}initiative/")
        },
    }
    report = {}
    for sheet, kind in KINDS.items():
        nodes = [
            n
            for n in set(graph.subjects(RDF.type, None))
            if isinstance(n, URIRef) and any(kind in names.ancestors(t) for t in graph.objects(n, RDF.type))
        ]
        candidates = [c for c in result.candidates if c.sheet == sheet]
        named = {id(c): _named(c, nodes, graph) for c in candidates}
        found = set().union(*named.values()) if named else set()
        report[sheet] = {
            "recall": len(found & wanted[sheet]) / len(wanted[sheet]),
            "wanted": len(wanted[sheet]),
            "found": len(found & wanted[sheet]),
            "candidates": len(candidates),
            "right": sum(1 for c in candidates if named[id(c)]),
            "missed": sorted(str(n).removeprefix(str(ID)) for n in wanted[sheet] - found),
            "wrong": sorted(c.label for c in candidates if not named[id(c)]),
        }
    report["quotes"] = all(c.quote in c.passage.passage.text for c in result.candidates)
    return report


def _named(candidate, nodes: list[URIRef], graph) -> set[URIRef]:
    """The node (one at most) a candidate names: by identifier or name, else by its evidence."""
    for test in (_same, _names, _points_at):
        found = sorted(n for n in nodes if test(candidate, n, graph))
        if found:
            return set(found[:1])
    return set()


def _points_at(candidate, node: URIRef, graph) -> bool:
    passage = graph.value(node, CG.sourcePassage)
    if passage is None or str(passage).rsplit("/", 1)[-1] != candidate.passage.id:
        return False
    words, theirs = " ".join(candidate.quote.split()), " ".join(str(graph.value(node, CG.quote)).split())
    return words in theirs or theirs in words


def _same(candidate, node: URIRef, graph) -> bool:
    iri = f"{ID}{'document' if candidate.sheet == 'documents' else candidate.sheet[:-1]}/{candidate.id}"
    addresses = {candidate.cells.get("same as"), candidate.cells.get("see also")} - {None}
    return iri == str(node) or bool(
        addresses & {str(o) for p in (OWL.sameAs, RDFS.seeAlso) for o in graph.objects(node, p)}
    )


def _names(candidate, node: URIRef, graph) -> bool:
    mine = {fold(candidate.label), *(fold(a) for a in candidate.abbreviations)}
    theirs = {
        fold(str(o)) for p in (SKOS.prefLabel, SKOS.altLabel, DCTERMS.title) for o in graph.objects(node, p)
    }
    if mine & theirs:
        return True
    return any(
        len(m.split()) >= 2 and f" {m} " in f" {t.replace(chr(39), ' ')} " for m in mine for t in theirs
    )


def main() -> None:
    given = [a for a in sys.argv[1:] if not a.startswith("-")]
    path = Path(given[0]) if given else LETTER
    report = measure(path.read_text(encoding="utf-8"))
    total = sum(report[s]["candidates"] for s in KINDS)
    right = sum(report[s]["right"] for s in KINDS)
    print(f"intake of {path.name}, read as if new (only the ontology and TOOI known)")
    print(f"{'':12} {'recall':>16} {'precision':>16}")
    for sheet in KINDS:
        r = report[sheet]
        print(
            f"{sheet:12} {r['found']:>3}/{r['wanted']:<3} {r['recall']:6.0%} "
            f"{r['right']:>4}/{r['candidates']:<4} {r['right'] / max(r['candidates'], 1):6.0%}"
        )
    print(f"{'all':12} {'':>16} {right:>4}/{total:<4} {right / max(total, 1):6.0%}")
    print(f"every candidate's quote stands verbatim in its passage: {'yes' if report['quotes'] else 'NO'}")
    if "-v" in sys.argv:
        for sheet in KINDS:
            print(sheet, "missed:", report[sheet]["missed"])
            print(sheet, "wrong:", report[sheet]["wrong"])


if __name__ == "__main__":
    main()
