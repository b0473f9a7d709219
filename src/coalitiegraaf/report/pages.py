"""Write the report: validate, analyse, draw, and render every page with Jinja2 into a folder
that is swapped in whole when it is complete."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from coalitiegraaf import analysis
from coalitiegraaf.analysis import networks
from coalitiegraaf.analysis.model import number
from coalitiegraaf.analysis.organisations import Part, parts
from coalitiegraaf.report import charts
from coalitiegraaf.report.fragments import Fragments
from coalitiegraaf.report.model import (
    Dependency,
    Evidence,
    Index,
    Membership,
    attributes,
    build_index,
    collaborations,
    cross_cutting_themes,
    dependencies,
    grouped,
    has_page,
    kind_of,
    links_of,
    memberships,
    theme_views,
)
from coalitiegraaf.report.processes import Beside, collections_paused, in_parallel
from coalitiegraaf.report.words import messages, translate
from coalitiegraaf.sources.files import staged_folder
from coalitiegraaf.store import Store
from coalitiegraaf.store.namespaces import CG, ID
from coalitiegraaf.validation.validator import ValidationReport, validate

if TYPE_CHECKING:
    from coalitiegraaf.authoring.diff import Comparison

HERE = Path(__file__).parent
HEATMAP_SIZE = 30  # coalitions and collaborations in the overlap picture, at most
# findings the overview leads with, at most (the strongest duplicates and gaps)
HEADLINES = 8
# rows a page lists, at most, of one analysis or of a node's findings, ancestors or descendants
# (all of them are in findings/*.csv): a hub of a large agenda takes part in thousands
LISTED = 100
# nodes in the explorer, at most: beyond these a browser draws slowly, a force layout takes
# minutes and nobody can read the result
EXPLORER_SIZE = 1_000
MARKER = ".coalitiegraaf-report"
STEPS = ("validate", "analyse", "index", "write")
EXPLORER_KINDS = ("theme", "coalition", "collaboration", "actor", "initiative")
# what the explorer shows first: the agenda's own structure, legible at once
EXPLORER_CORE = ("theme", "coalition", "collaboration")
# at most this many in the first view (a large agenda's structure is shown by its best connected)
EXPLORER_FIRST = 150
# the shapes whose findings are gaps of the agenda (shown with the gaps), not broken data
GAP_SHAPES = "gaps.ttl"
OFFICIAL = ("http://purl.org/dc/terms/source", "http://www.w3.org/2000/01/rdf-schema#seeAlso")
# memberships: below this, the overlaps and the networks' rankings take less time than forking
# a process for each (which imports networkx and igraph again, and hands its answer back pickled)
BESIDE_FROM = 10_000
COUNTED_KINDS = ("actor", "coalition", "theme", "initiative", "document", "dependency")


@dataclass
class ReportResult:
    """Where the report is and what it found, for a short summary."""

    index: Path
    pages: int
    counts: dict[str, int]
    validation: dict[str, int]
    findings: dict[str, int] = field(default_factory=dict)


@lru_cache(maxsize=1 << 20)
def page_of(node: str) -> str:
    """The report-relative file of a node's page, which is also its link: …/id/actor/vng →
    id/actor/vng.html; a passage lives on its source's page: …/id/passage/kst-26643-1055/p12 →
    id/passage/kst-26643-1055.html#p12.

    Two nodes never share a page, and every name is one a file system takes: each segment of
    the IRI's path keeps its lowercase letters, digits and hyphens, and writes any other
    character as ``_`` and its UTF-8 bytes in hexadecimal (``VNG`` → ``_56_4e_47``, ``.`` →
    ``_2e``, so ``x.html`` can never be a folder beside a page ``x``), an empty segment (a
    trailing slash) as ``_``; a segment over 100 characters keeps its first 80 and ``~`` with a
    hash of the whole, and a node whose path would still be too long, or that lies outside
    …/id/, gets ``id/~/`` and a hash of its IRI (the README has this rule)."""
    path = node.removeprefix(str(ID))
    if path == node:
        return _hashed_page(node)
    segments = path.split("/")
    anchor = ""
    if kind_of(node) == "passage" and len(segments) >= 3:
        anchor = "#" + _encoded(segments.pop())
    encoded = [_encoded(segment) for segment in segments]
    page = "/".join(["id", *encoded]) + ".html"
    if len(encoded) > _MOST_SEGMENTS or len(page) > _LONGEST_PAGE:
        return _hashed_page(node)
    return page + anchor


_PLAIN, _PLAIN_SEGMENT = re.compile(r"[a-z0-9-]"), re.compile(r"[a-z0-9-]+")
_LONGEST_SEGMENT, _LONGEST_PAGE, _MOST_SEGMENTS = 100, 200, 16


def _encoded(segment: str) -> str:
    if not segment:
        return "_"
    if _PLAIN_SEGMENT.fullmatch(segment) and len(segment) <= _LONGEST_SEGMENT:
        return segment  # the common case, a slug: as it is, without a look at each character
    encoded = "".join(char if _PLAIN.fullmatch(char) else
                      "".join(f"_{byte:02x}" for byte in char.encode("utf-8", "surrogatepass"))
                      for char in segment)
    if len(encoded) <= _LONGEST_SEGMENT:
        return encoded
    return encoded[:80] + "~" + hashlib.sha256(segment.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _hashed_page(node: str) -> str:
    return f"id/~/{hashlib.sha256(node.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}.html"


def safe_link(url: str) -> str | None:
    """``url`` if a report may link to it (http, https or mailto), else None: a ``javascript:``
    or ``data:`` address in the data never becomes a link."""
    scheme = url.strip().split(":", 1)[0].lower() if ":" in url else ""
    return url if scheme in ("http", "https", "mailto") and not _UNSAFE_IN_LINK.search(url) else None


_UNSAFE_IN_LINK = re.compile(r"[\x00-\x20\x7f]")


def write_report(store: Store, out: Path | str = "report", lang: str = "nl",
                 progress: Callable[[str], None] | None = None, now: datetime | None = None,
                 since: Comparison | None = None, include: Iterable[str] = ()) -> ReportResult:
    """Build the report of ``store`` into the folder ``out`` (replaced whole when complete);
    ``since``, the changes from an earlier version, is listed on the overview; ``include``
    adds implied and intended statements to the stated ones the analyses use."""
    with collections_paused():
        return _write_report(store, Path(out), lang, progress or (lambda _: None), now, since, include)


def _write_report(store: Store, out: Path, lang: str, step: Callable[[str], None], now: datetime | None,
                  since: Comparison | None, include: Iterable[str]) -> ReportResult:
    step("validate")
    # the validation is done by a process of its own beside the analyses and the index (where
    # the store can be read by one), taking what the others leave: its answer is wanted last.
    # On a large agenda the overlaps and the networks' rankings are made beside the other
    # analyses and the index, each by a process of its own
    def validating() -> ValidationReport:
        return _portable(validate(store, lang=lang))

    with Beside(validating, store.ready_for_fork(), later=True) as validation:
        step("analyse")
        facts = analysis.collect(store, lang, include)
        large = len(facts.memberships) >= BESIDE_FROM
        with (Beside(lambda: analysis.overlaps(facts), large) as overlaps,
              Beside(lambda: (analysis.brokers(facts), analysis.communities(facts)), large) as networks):
            # in the order the report shows them; the places of those made beside kept for them
            findings = {"duplicates": analysis.duplicates(facts), "gaps": analysis.gaps(facts),
                        "overlaps": [], "brokers": [], "communities": [],
                        "impact": analysis.most_depended_on(facts)}
            step("index")
            index = build_index(store, lang, facts.evidence_statements)
            findings["overlaps"] = overlaps.result()
            # the site's views are made while the processes beside finish their work
            site = Site(index, lang, findings, facts, now or datetime.now(UTC))
            findings["brokers"], findings["communities"] = networks.result()
        site.validated(replace(validation.result(), store=store))
    site.since = since
    step("write")
    with staged_folder(out, MARKER) as folder:
        pages = site.write(folder)
    return ReportResult(out / "index.html", pages, site.counts(), site.report.counts(),
                        {name: len(found) for name, found in findings.items()})


class Site:
    """The pages of one report and what they are made of: made from the index, the facts and
    the findings of the analyses in this process (the networks' rankings, which come later,
    are not read before the pages are written), then given the validation's report
    (:meth:`validated`)."""

    since: Comparison | None = None  # the changes from an earlier version, for the overview

    def since_view(self) -> dict:
        """The changes since an earlier version: a title and each change as a sentence with
        the passage and quote that support it."""
        from coalitiegraaf.authoring.diff import MESSAGES

        items = [{"text": text, "passage": str(change.evidence[0]) if change.evidence else None,
                  "evidence": Evidence(str(change.evidence[0]), change.evidence[1])
                  if change.evidence else None}
                 for change, text in zip(self.since.changes, self.since.messages(self.lang), strict=True)]
        return {"title": MESSAGES[self.lang]["since"].format(old=self.since.old_name), "items": items,
                "none": MESSAGES[self.lang]["none"]}

    def __init__(self, index: Index, lang: str, findings: dict[str, list[analysis.Finding]],
                 facts: analysis.Facts, now: datetime) -> None:
        self.index = index
        self.lang = lang
        self.findings = findings
        self.facts = facts
        self.now = now
        self.memberships = memberships(index)
        self.dependencies = dependencies(index)
        self.dependency_graph = analysis.dependency_network(facts)
        self.statements: dict[str, Membership | Dependency] = {
            x.node: x for x in (*self.memberships, *self.dependencies)}
        # what each node's page lists, looked up once rather than searched for every page
        self._memberships_by_node = grouped(self.memberships, lambda m: (m.member, m.organization))
        self._dependencies_by_node = grouped(self.dependencies, lambda d: (d.source, d.target))
        self._findings_by_node = grouped(
            [f for name in ("duplicates", "gaps", "overlaps") for f in findings[name]],
            lambda f: f.nodes or (f.subject, f.other))
        # an organisation's page lists all its parts, each with how strongly the letter says it
        self._parts_by_organisation = grouped(parts(facts, every=True), lambda p: (p.organisation,))
        self._typed = {(d.source, d.relation, d.target) for d in self.dependencies}
        self._gap_shapes = _gap_shape_names(lang)
        self._home, self._sections = _sections(index)
        self._anchors: dict[str, str] = {}

    def validated(self, report: ValidationReport) -> None:
        """The validation's report, and its findings by the node they are about."""
        self.report = report
        self._validation_by_node = grouped(report.findings, lambda f: (f.focus,))

    # --- where a node is shown -----------------------------------------------------------

    def page_of(self, node: str) -> str:
        """The report-relative link to a node: its own page (:func:`page_of`), or for a
        collaboration or action line of a coalition the section of the coalition's page."""
        home = self._home.get(node)
        if home is None:
            return page_of(node)
        return f"{page_of(home)}#{self.anchor_of(node)}"

    def anchor_of(self, node: str) -> str:
        """The id of a node's section on its coalition's page: its kind and name as in its
        page's path (``collaboration/elsa-labs``)."""
        # kept: every link to a section asks for it, and a large agenda links them thousands of times
        found = self._anchors.get(node)
        if found is None:
            found = self._anchors[node] = "/".join(
                _encoded(segment) for segment in node.removeprefix(str(ID)).split("/"))
        return found

    def sections_of(self, node: str) -> list[str]:
        """The collaborations and action lines shown as sections of a coalition's page."""
        return self._sections.get(node, [])

    # --- what the pages show -------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        counted = {kind: len(self.index.nodes(kind)) for kind in COUNTED_KINDS}
        counted["theme"] = len(cross_cutting_themes(self.index))
        return counted

    def organizations(self) -> list[str]:
        """Coalitions and collaborations that have participants, coalition first."""
        coalitions = self.index.nodes("coalition")
        ordered = [x for c in coalitions for x in (c, *collaborations(self.index, c))]
        return [o for o in ordered if any(m.organization == o for m in self.memberships)]

    def overlap_matrix(self) -> tuple[list[str], list[list[int]]]:
        """Shared organisations in a substantive role of the coalitions and collaborations that
        share most (``HEATMAP_SIZE`` at most), as the overlaps analysis counts them."""
        return analysis.overlap_matrix(self.facts, HEATMAP_SIZE)

    def headlines(self) -> list[analysis.Finding]:
        """The strongest findings the overview leads with: duplicated efforts, then gaps."""
        strong = [f for name in ("duplicates", "gaps") for f in self.findings[name]
                  if f.strength == "strong" and f.kind != "complementary-check"]
        return strong[:HEADLINES]

    def organisations(self) -> list[tuple[str, list[Part]]]:
        """Every organisation that takes part in something, with its parts (posts and units
        counted as their organisation), by name."""
        return sorted(self._parts_by_organisation.items(),
                      key=lambda item: self.index.label(item[0]).casefold())

    def parts_of(self, node: str) -> list[Part]:
        return sorted(self._parts_by_organisation.get(node, []),
                      key=lambda p: (self.index.label(p.effort).casefold(), p.role, p.actor))

    def chains(self, node: str) -> dict[str, list[analysis.Finding]]:
        """What stalls if ``node`` stalls (downstream) and what it depends on (upstream): the
        nearest ``LISTED`` of each, every link with the letter's words."""
        if node not in self.dependency_graph:
            return {}
        found = analysis.impact(self.facts, node, limit=LISTED, graph=self.dependency_graph)
        return {direction: [f for f in found if f.kind == direction]
                for direction in ("downstream", "upstream")}

    def depended_on(self) -> list[tuple[str, int]]:
        """Every node something depends on, with how many depend on it directly, most first."""
        graph = self.dependency_graph
        return sorted(((n, graph.in_degree(n)) for n in graph if graph.in_degree(n)),
                      key=lambda item: (-item[1], self.index.label(item[0]).casefold()))

    def validation_findings(self):
        """What the shapes find, but for the gaps of the agenda (those are with the gaps)."""
        return [f for f in self.report.findings if not self.is_gap_shape(f)]

    def is_gap_shape(self, finding) -> bool:
        return any(finding.shape_name == name or finding.shape_name.startswith(name + ":")
                   for name in self._gap_shapes)

    def passage_text(self, passage: str) -> str | None:
        return self.index.text(passage, str(CG.text))

    def official(self, document: str) -> str | None:
        """Where the source document is published (its official web address), if the graph says."""
        for prop in OFFICIAL:
            found = self.index.objects(document, prop)
            if found:
                return found[0]
        return None

    def memberships_of(self, node: str) -> list[Membership]:
        return self._memberships_by_node.get(node, [])

    def dependencies_of(self, node: str) -> list[Dependency]:
        return self._dependencies_by_node.get(node, [])

    def findings_about(self, node: str) -> list[analysis.Finding]:
        return self._findings_by_node.get(node, [])

    def validation_about(self, node: str):
        return self._validation_by_node.get(node, [])

    def citing(self, passage: str) -> list[str]:
        """The statements (nodes, memberships, dependencies) that cite ``passage``."""
        return self.index.subjects("https://w3id.org/coalitiegraaf/def#sourcePassage", passage)

    def sources(self) -> dict[str, list[tuple[str, list[str]]]]:
        """Per source page: its sections in order, each with its passages in order."""
        index = self.index
        by_page: dict[str, dict[str, list[str]]] = {}
        for passage in index.nodes("passage"):
            section = index.first(passage, "http://purl.org/dc/terms/isPartOf") or ""
            by_page.setdefault(page_of(passage).split("#")[0], {}).setdefault(section, []).append(passage)
        return {page: [(s, sorted(ps, key=lambda p: (kind_of_passage(index, p), index.number(p))))
                       for s, ps in sorted(sections.items(), key=lambda item: index.number(item[0]))]
                for page, sections in by_page.items()}

    # --- pictures ---------------------------------------------------------------------

    def overlap_picture(self) -> bytes:
        names, matrix = self.overlap_matrix()
        return charts.heatmap([self.index.label(n) for n in names], matrix, self.t("overlap_title"),
                              self.t("overlap_legend"))

    def brokers_picture(self) -> bytes:
        t = self.t
        brokers = [f for f in self.findings["brokers"] if f.score > 0][:15] or self.findings["brokers"][:15]
        sampled = brokers[0].details.get("estimated_from") if brokers else None
        axis = (t("brokers_axis_estimated", samples=number(sampled, self.lang),
                  nodes=number(brokers[0].details["network_nodes"], self.lang))
                if sampled else t("brokers_axis"))
        notes = [t("brokers_note", n=f.details["degree"]) for f in brokers]
        return charts.ranking([self.short_label(f.subject) for f in brokers], [f.score for f in brokers],
                              t("brokers_title"), axis, notes)

    def property_label(self, prop: str) -> str:
        """A property in words: the ontology's label, or ours for a reused one (never an IRI)."""
        key = "prop_" + re.split(r"[#/]", prop)[-1]
        if not prop.startswith(str(CG)) and key in messages():
            return self.t(key)
        return self.index.label(prop)

    def kind_label(self, kind: str) -> str:
        """The words for a kind of finding (``parallel-vision``) or of node (``actor``)."""
        key = f"finding_{kind}"
        if key in messages():
            return self.t(key)
        return self.t(f"kind_{kind}") if f"kind_{kind}" in messages() else kind

    def short_label(self, node: str) -> str:
        """An abbreviation the letter uses (VNG, BZK) if there is one, else the label."""
        abbreviations = [a for a in self.index.alt_labels(node) if len(a) <= 12]
        return abbreviations[0] if abbreviations else self.index.label(node)

    # --- explorer ---------------------------------------------------------------------

    def explorer_data(self) -> dict:
        index = self.index
        nodes = [n for kind in EXPLORER_KINDS for n in index.nodes(kind)]
        present = set(nodes)
        edges = [(m.member, m.organization, index.label(m.role)) for m in self.memberships
                 if m.member in present and m.organization in present]
        theme_of = "https://w3id.org/coalitiegraaf/def#theme"
        for node in nodes:
            edges += [(node, t, index.label(theme_of)) for t in index.objects(node, theme_of) if t in present]
            edges += [(node, c, "") for c in collaborations(index, node) if c in present]
        edges += [(d.source, d.target, index.label(d.relation)) for d in self.dependencies
                  if d.source in present and d.target in present]
        if len(nodes) > EXPLORER_SIZE:
            nodes = _best_connected(nodes, edges, EXPLORER_SIZE)
            present = set(nodes)
            edges = [(s, t, label) for s, t, label in edges if s in present and t in present]
        layout = _layout(nodes, [(s, t) for s, t, _ in edges])
        facets = self._facets(nodes)
        # the first view: the agenda's structure and who takes part in it, laid out on its own
        # so that it fills the picture; whatever stands alone in it waits for "show all"
        candidates = {n for n in nodes if kind_of(n) in EXPLORER_CORE or facets[n]["roles"]}
        core_edges = [(s, t) for s, t, _ in edges if s in candidates and t in candidates]
        core = {x for edge in core_edges for x in edge}
        if len(core) > EXPLORER_FIRST:
            degree = Counter(x for edge in core_edges for x in edge)
            core = set(sorted(core, key=lambda n: (-degree[n], n))[:EXPLORER_FIRST])
            core_edges = [(s, t) for s, t in core_edges if s in core and t in core]
        core_layout = _layout(sorted(core), core_edges, spacing=50)
        return {
            "nodes": [{
                "id": n, "label": index.label(n), "short": self.short_label(n), "alt": index.alt_labels(n),
                "kind": kind_of(n), "kindLabel": self.t(f"kind_{kind_of(n)}"),
                "page": self.page_of(n), "x": layout[n][0], "y": layout[n][1], **facets[n],
                **({"core": core_layout[n]} if n in core else {}),
                "evidence": [self.evidence_json(e) for e in index.evidence(n)],
            } for n in nodes],
            "edges": [{"source": s, "target": t, "label": label} for s, t, label in sorted(set(edges))],
            "kinds": {k: {"label": self.t(f"kind_{k}"), "colour": charts.colour(k)} for k in EXPLORER_KINDS},
        }

    def _facets(self, nodes: list[str]) -> dict[str, dict[str, list[str] | str]]:
        """Per node what the filters look at: its themes, coalitions, kind of actor and roles."""
        index = self.index
        theme_of = "https://w3id.org/coalitiegraaf/def#theme"
        parent = {c: coalition for coalition in index.nodes("coalition")
                  for c in (coalition, *collaborations(index, coalition))}
        facets: dict[str, dict[str, list[str] | str]] = {}
        for node in nodes:
            as_member = [m for m in self.memberships_of(node) if m.member == node]
            coalitions = {parent[m.organization] for m in as_member if m.organization in parent}
            coalitions |= {parent[x] for d in self.dependencies_of(node)
                           for x in (d.source, d.target) if x in parent}
            if node in parent:
                coalitions.add(parent[node])
            themes = set(index.objects(node, theme_of))
            themes |= {t for c in coalitions for t in index.objects(c, theme_of)}
            if kind_of(node) == "theme":
                themes.add(node)
                coalitions |= {c for c in index.subjects(theme_of, node) if kind_of(c) == "coalition"}
            actor_type = index.first(node, "https://w3id.org/coalitiegraaf/def#actorType")
            facets[node] = {
                "themes": sorted(themes), "coalitions": sorted(coalitions),
                "type": index.label(actor_type) if actor_type else "",
                "roles": sorted({index.label(m.role) for m in as_member}),
            }
        return facets

    def evidence_json(self, evidence: Evidence) -> dict[str, str]:
        return {"quote": plain(evidence.quote), "passage": self.index.label(evidence.passage),
                "href": page_of(evidence.passage)}

    # --- writing ------------------------------------------------------------------------

    def t(self, key: str, **values: object) -> str:
        return translate(key, self.lang, **values)

    def write(self, folder: Path) -> int:
        environment = self._environment()
        # a page's context, or what makes it: then the process that writes the page makes it,
        # while the others write theirs (the overview's themes take seconds on a large agenda)
        pages: dict[str, tuple[str, dict | Callable[[], dict]]] = {
            "index.html": ("index.html.j2", lambda: {"themes": theme_views(
                self.index, cross_cutting_themes(self.index), self.memberships, self.dependencies)}),
            "organisations.html": ("organisations.html.j2", {}),
            "names.html": ("names.html.j2", lambda: {"kinds": self._names()}),
            "analysis.html": ("analysis.html.j2", {}),
            "dependencies.html": ("dependencies.html.j2", {}),
            "validation.html": ("validation.html.j2", {}),
            "explorer.html": ("explorer.html.j2", {}),
        }
        # the other files, made by the process that writes them as well: on a large agenda the
        # findings' tables, the explorer's data and the pictures take a second or more, which
        # this process would otherwise add after the others
        files: dict[str, Callable[[], bytes]] = {
            **{f"findings/{name}.csv": partial(_findings_csv, found, self.lang)
               for name, found in self.findings.items()},
            "static/explorer-data.js": self._explorer_script,
            "img/overlap.svg": self.overlap_picture,
            "img/brokers.svg": self.brokers_picture,
        }
        for node in self.index.nodes(*{kind_of(n) for n in self.index.out}):
            if has_page(node) and node not in self._home:
                pages[page_of(node)] = ("node.html.j2", {"node": node})
        for page, sections in self.sources().items():
            pages[page] = ("source.html.j2", {"sections": sections})

        def render(share: list[tuple[str, tuple[str, dict | Callable[[], dict]] | Callable[[], bytes]]]
                   ) -> None:
            made: set[Path] = set()  # the folders made already: one look-up, not one call per page
            shells: dict[str, tuple[str, str, str]] = {}
            for path, job in share:
                if callable(job):
                    data = job()
                else:
                    template, context = job
                    root = "../" * path.count("/")
                    if template == "node.html.j2":
                        html = self._node_page(environment, shells, context["node"], path, root)
                    else:
                        html = environment.get_template(template).render(
                            site=self, root=root, page=path, **(context() if callable(context) else context))
                    data = html.encode("utf-8")
                target = folder / path
                if target.parent not in made:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    made.add(target.parent)
                target.write_bytes(data)

        # the heavy ones first, each process taking every n-th: the overview, the organisations
        # and the names (the heaviest pages), then the files, then the rest
        listed = list(pages.items())
        in_parallel([*listed[:3], *files.items(), *listed[3:]], render)
        shutil.copytree(HERE / "static", folder / "static", dirs_exist_ok=True)
        return len(pages)

    def _explorer_script(self) -> bytes:
        explorer = json.dumps(self.explorer_data(), ensure_ascii=False, sort_keys=True, indent=0)
        return f"window.COALITIEGRAAF_EXPLORER = {explorer};\n".encode()

    def _node_page(self, environment, shells: dict[str, tuple[str, str, str]], node: str, path: str,
                   root: str) -> str:
        """A node's page: its skeleton (node.html.j2), rendered once per folder depth with marks
        where the title and the body go, around the node's title and body. A skeleton differs
        by its depth only: the page's name marks a link of the menu as the current page, and no
        node's page (all in id/) is one of the menu's."""
        shell = shells.get(root)
        if shell is None:
            html = environment.get_template("node.html.j2").render(
                site=self, root=root, page=path, title=_TITLE_MARK, body=_BODY_MARK)
            before, rest = html.split(_TITLE_MARK)
            middle, after = rest.split(_BODY_MARK)
            shell = shells[root] = (before, middle, after)
        before, middle, after = shell
        body = environment.globals["fragments"].node_page(node, root)
        return f"{before}{escape(self.index.label(node))}{middle}{body}{after}"

    def _names(self) -> list[tuple[str, list[str]]]:
        """Every node with a page, by kind, each kind by label."""
        # one pass over every node (by label) rather than one per kind: a large agenda has
        # hundreds of thousands of nodes and a few dozen kinds
        by_kind: dict[str, list[str]] = {}
        for node in self.index.nodes(*{kind_of(n) for n in self.index.out}):
            if has_page(node):
                by_kind.setdefault(kind_of(node), []).append(node)
        return sorted(by_kind.items())

    def _environment(self):
        environment = template_environment()
        environment.globals.update(
            t=self.t, label=self.index.label, page_of=self.page_of, has_page=has_page, kind_of=kind_of,
            safe_link=safe_link,
            listed=LISTED, kind_label=self.kind_label, property_label=self.property_label,
            lang=self.lang, version=_version(), generated=self.now.strftime("%Y-%m-%d %H:%M UTC"),
            attributes=lambda n: attributes(self.index, n),
            links=lambda n: links_of(self.index, n, self._typed))
        environment.filters["plain"] = plain
        environment.globals["fragments"] = Fragments(self)
        return environment


# where a node's title and body go in its page's skeleton: characters no template writes
_TITLE_MARK, _BODY_MARK = Markup("\x00title\x00"), Markup("\x00body\x00")


def _sections(index: Index) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The collaborations and action lines of each coalition, shown as sections of its page
    rather than on pages of their own (a large agenda has thousands, and each is read with
    its coalition): where each is shown, and each coalition's, collaborations first, by name,
    then action lines by number. One that belongs to no coalition, or to several, keeps a
    page of its own."""
    owners: dict[str, set[str]] = {}
    for coalition in index.nodes("coalition"):
        for prop in (str(CG.hasCollaboration), str(CG.hasActionLine)):
            for part in index.objects(coalition, prop):
                if kind_of(part) in ("collaboration", "action-line"):
                    owners.setdefault(part, set()).add(coalition)
    home = {part: next(iter(found)) for part, found in owners.items() if len(found) == 1}
    sections: dict[str, list[str]] = {}
    for part, coalition in home.items():
        sections.setdefault(coalition, []).append(part)
    for shown in sections.values():
        shown.sort(key=lambda n: (kind_of(n) != "collaboration", index.number(n),
                                  index.label(n).casefold(), n))
    return home, sections


EMPHASIS = re.compile(r"\*{1,2}(?=\S)([^*]+?)(?<=\S)\*{1,2}")


def plain(text: str) -> str:
    """The letter's words without the source's Markdown emphasis (``*Nederlandse AI-Coalitie*``,
    ``**Ministerie van**``): the words, as a reader of the letter sees them."""
    return EMPHASIS.sub(r"\1", text)


def template_environment(folder: str = ""):
    """Jinja2 over the report's templates (in ``folder`` of them); autoescaping on, so that a
    label never becomes markup. The compiled templates are kept for the next report of this
    process (each report has an environment of its own, for its language and labels)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates" / folder), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        bytecode_cache=_compiled())


@cache
def _compiled():
    """A bytecode cache keyed by template name and source checksum: in memory for the next
    report of this process, and on disk for the next process (compiling the templates is a
    third of a small report's time). The disk cache is Jinja2's own, in a folder of the
    temporary directory that only this user may write (Jinja2 refuses any other); where there
    is none, the templates are compiled each run."""
    import jinja2

    try:
        disk: jinja2.BytecodeCache | None = jinja2.FileSystemBytecodeCache(
            pattern=f"coalitiegraaf-{_version()}-%s.cache")
    except (OSError, RuntimeError):
        disk = None

    class Compiled(jinja2.BytecodeCache):
        def __init__(self) -> None:
            self.kept: dict[str, bytes] = {}

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            if bucket.key in self.kept:
                bucket.bytecode_from_string(self.kept[bucket.key])
            elif disk is not None:
                try:
                    disk.load_bytecode(bucket)
                except (OSError, ValueError, EOFError):  # unreadable: compiled again below
                    bucket.reset()

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            self.kept[bucket.key] = bucket.bytecode_to_string()
            if disk is not None:
                # a full or read-only disk costs a compile next time, no more
                with contextlib.suppress(OSError):
                    disk.dump_bytecode(bucket)

    return Compiled()


def _best_connected(nodes: list[str], edges: list[tuple[str, str, str]], size: int) -> list[str]:
    """The ``size`` nodes with the most connections, in their order in ``nodes``; themes,
    coalitions and collaborations always among them."""
    degree = Counter(x for s, t, _ in edges for x in (s, t))
    always = {n for n in nodes if kind_of(n) in ("theme", "coalition", "collaboration")}
    chosen = set(sorted(nodes, key=lambda n: (n not in always, -degree[n], n))[:size])
    return [n for n in nodes if n in chosen]


def _layout(nodes: list[str], edges: list[tuple[str, str]],
            spacing: float = 75) -> dict[str, tuple[float, float]]:
    """Positions in pixels: the largest connected part by a seeded force layout; the small
    parts and lone nodes in rows beneath it (a force layout pushes them to the picture's edge
    and squeezes the rest into its middle)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    parts = sorted(nx.connected_components(graph), key=lambda part: (-len(part), min(part))) if nodes else []
    main = sorted(parts[0]) if parts else []
    spread = spacing * max(1, len(main)) ** 0.5
    layout = networks.layout(graph.subgraph(main)) if len(main) > 1 else {}
    positions = {n: (round(float(x) * spread, 1), round(float(y) * spread, 1))
                 for n, (x, y) in layout.items()}
    rest = [n for part in parts[1 if layout else 0:] for n in sorted(part)]
    per_row = max(8, int(2 * spread / 110))
    for i, node in enumerate(rest):
        row, column = divmod(i, per_row)
        positions[node] = (round(-spread + 110 * column, 1), round(spread + 80 + 60 * row, 1))
    return positions


def kind_of_passage(index: Index, passage: str) -> int:
    """Paragraphs before footnotes within a section."""
    return int(index.is_a(passage, "Footnote"))


def _findings_csv(findings: list[analysis.Finding], lang: str) -> bytes:
    from coalitiegraaf.store.results import to_delimited_rows

    return to_delimited_rows(*analysis.findings_as_rows(findings, lang), ",").encode("utf-8")


def _gap_shape_names(lang: str) -> set[str]:
    """The names (in ``lang``) of the shapes that find gaps of the agenda."""
    import rdflib
    from rdflib.namespace import RDF, SH

    from coalitiegraaf.sources.resources import data_dir

    shapes = rdflib.Graph().parse(data_dir("shapes") / GAP_SHAPES)
    names = set()
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        found = {n.language: str(n) for n in shapes.objects(shape, SH.name)}
        if shape.endswith("EnglishLabelGap"):
            continue  # a missing English label is a flaw in the data, not a gap of the agenda
        names.add(found.get(lang) or found.get("nl", ""))
    return names - {""}


def _portable(report: ValidationReport) -> ValidationReport:
    """``report`` as a child process hands it back: without the store, which stays here, and
    the shipped shapes, which are read again where needed."""
    return replace(report, store=None, shapes=None)


def _version() -> str:
    from coalitiegraaf import __version__

    return __version__
