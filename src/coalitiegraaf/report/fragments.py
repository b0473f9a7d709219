"""The pieces of markup the report repeats on thousands of pages (a link to a node, a quote with
its passage, a finding, the rows of a table, what a node's page says about it), made in Python
rather than by Jinja2 macros: a macro call costs more than the markup it makes, and a large
agenda makes millions of them. The pages' skeletons stay templates.

Every value from the data goes through :func:`escaped`, the same escaping as the templates'
autoescape (:func:`markupsafe.escape`), and a piece a template asks for is :class:`markupsafe.Markup`,
so that the template inserts it as it is and escapes nothing twice. Inside, the pieces are plain
strings, made and kept once each: a large report would otherwise make millions of Markup objects
only to join them. Links to the data's own addresses pass
:func:`~coalitiegraaf.report.pages.safe_link` in the templates that show them; here every link
is to a page of the report or to a node's own identifier.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING

from markupsafe import Markup

from coalitiegraaf.report.model import attributes, has_page, kind_of, links_of

if TYPE_CHECKING:
    from coalitiegraaf import analysis
    from coalitiegraaf.report.model import Evidence, Membership
    from coalitiegraaf.report.pages import Site

CITATION_TEXT = "#citationText"


def escaped(text: str) -> str:
    """``text`` with ``& < > ' "`` written as markupsafe.escape writes them, as a plain string."""
    return (text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
            .replace("'", "&#39;").replace('"', "&#34;"))


class Fragments:
    """The markup of one report's repeated pieces. The pieces shown on many pages are made once
    per folder depth (``root``) and kept: on a large agenda the same organisation is linked,
    and the same finding shown, on hundreds of pages."""

    def __init__(self, site: Site) -> None:
        self._site = site
        self._words: dict[str, str] = {}
        # by folder depth, then by what they show: a look-up by a string, not by a tuple to hash
        self._names: dict[str, dict[str, str]] = {}
        self._sources: dict[str, dict[tuple[str, str], str]] = {}
        self._findings: dict[tuple[bool, str], dict[int, str]] = {}
        self._evidence: dict[str, dict[analysis.Evidence, str]] = {}
        self._quotes: dict[str, str] = {}
        self._kept: dict[tuple, str] = {}

    # --- what the templates ask for: the pieces below, as Markup ------------------------

    def name(self, node: str, root: str, text: str | None = None) -> Markup:
        """A node's name, a link to where it is shown if it is shown anywhere."""
        return Markup(self._name(node, root, text))

    def source(self, evidence: Evidence | analysis.Evidence | None, root: str) -> Markup:
        """A link to the passage the letter says it in, its words as the link's title."""
        return Markup(self._source(evidence, root))

    def quoted(self, evidence: Evidence | analysis.Evidence | None, root: str) -> Markup:
        """The letter's words as a quote, with the link to their passage."""
        return Markup(self._quoted(evidence, root))

    def support(self, value: str | None) -> Markup:
        """A badge for what the letter only implies or intends; nothing for what it states."""
        return Markup(self._support(value))

    def finding(self, finding: analysis.Finding, compact: bool, root: str) -> Markup:
        """One finding: its kind and strength, its sentence, the nodes it concerns and the
        letter's words for each (for a chain: for every link); ``compact``, the words folded."""
        return Markup(self._finding(finding, compact, root))

    def findings(self, items: Sequence[analysis.Finding], root: str, shown: int | None = None,
                 compact: bool = False) -> Markup:
        """The first ``shown`` of ``items`` (``LISTED`` unless told), or that there are none."""
        return Markup(self._listed(items, root, shown, compact))

    def more(self, items: Sequence, root: str, file: str | None = None, shown: int | None = None) -> Markup:
        """How many of ``items`` a list leaves out, and where they all are (``file``: the
        findings' CSV file), if it leaves any out."""
        return Markup(self._more(items, root, file, shown))

    def parts_table(self, found: Sequence, root: str) -> Markup:
        """An organisation's parts: in what, in which role, through which post or unit, and
        the letter's words."""
        return Markup(self._parts_table(found, root))

    def partners(self, memberships: Sequence[Membership], root: str) -> Markup:
        """The rows of a theme's partners: per organisation (by name, case-insensitively), its
        members (by identifier, the same), each with its role and where the letter says it."""
        return Markup(self._partners(memberships, root))

    def organisations(self, found: Sequence[tuple[str, Sequence]], root: str) -> Markup:
        """A section per organisation: its name, its parts (``LISTED`` of them) and how many
        more there are; ``found``, each organisation with all its parts, in order."""
        return Markup(self._organisations(found, root))

    def cited(self, passage: str, root: str) -> Markup:
        """The statements that cite ``passage``, each with its words and what it says (who
        takes part in what, what depends on what, or the node), folded; nothing if none does."""
        return Markup(self._cited(passage, root))

    def node_page(self, node: str, root: str) -> Markup:
        """What a node's page shows: the node, and on a coalition's page each of its
        collaborations and action lines as a section of its own."""
        return Markup(self._node_page(node, root))

    def node(self, node: str, root: str, nested: bool = False) -> Markup:
        """Everything a page says about one node; ``nested``, as a section of its coalition's
        page (headings one level down)."""
        return Markup(self._node(node, root, nested))

    # --- the smallest pieces ---------------------------------------------------------------

    # the markup is joined from escaped parts in f-strings: Markup.format is several times
    # slower, and a large report makes hundreds of thousands of these
    def _t(self, key: str, **values: object) -> str:
        if values:
            return escaped(self._site.t(key, **values))
        found = self._words.get(key)
        if found is None:
            found = self._words[key] = escaped(self._site.t(key))
        return found

    def _name(self, node: str, root: str, text: str | None = None) -> str:
        if text:
            key = ("name", node, root, text)
            found = self._kept.get(key)
            if found is None:
                found = self._kept[key] = self._link(node, root, escaped(text))
            return found
        kept = self._names.get(root)
        if kept is None:
            kept = self._names[root] = {}
        found = kept.get(node)
        if found is None:
            found = kept[node] = self._link(node, root, escaped(self._site.index.label(node)))
        return found

    def _link(self, node: str, root: str, shown: str) -> str:
        if has_page(node):
            return f'<a href="{escaped(root + self._site.page_of(node))}">{shown}</a>'
        return shown

    def _quote(self, quote: str) -> str:
        """The letter's words, without the source's emphasis, escaped."""
        found = self._quotes.get(quote)
        if found is None:
            from coalitiegraaf.report.pages import plain

            found = self._quotes[quote] = escaped(plain(quote))
        return found

    def _source(self, evidence: Evidence | analysis.Evidence | None, root: str) -> str:
        if not evidence:
            return ""
        kept = self._sources.get(root)
        if kept is None:
            kept = self._sources[root] = {}
        # the link shows the passage and its words only: the same for either kind of evidence
        key = (evidence.passage, evidence.quote)
        found = kept.get(key)
        if found is None:
            from coalitiegraaf.report.pages import page_of

            passage = evidence.passage
            href, title = escaped(root + page_of(passage)), self._quote(evidence.quote)
            shown = escaped(self._site.index.label(passage))
            found = kept[key] = f'<a class="evidence" href="{href}" title="{title}">{shown}</a>'
        return found

    def _quoted(self, evidence: Evidence | analysis.Evidence | None, root: str) -> str:
        if not evidence:
            return ""
        key = ("quoted", evidence.passage, evidence.quote, root)
        found = self._kept.get(key)
        if found is None:
            found = self._kept[key] = (f'<blockquote lang="nl">“{self._quote(evidence.quote)}” '
                                       f'{self._source(evidence, root)}</blockquote>')
        return found

    def _support(self, value: str | None) -> str:
        if not value or value == "stated":
            return ""
        key = ("support", value)
        found = self._kept.get(key)
        if found is None:
            found = self._kept[key] = (f'<span class="badge support-{escaped(value)}">'
                                       f'{self._t("support_" + value)}</span>')
        return found

    # --- findings ---------------------------------------------------------------------

    def _finding(self, finding: analysis.Finding, compact: bool, root: str) -> str:
        # the analyses' findings are kept (shown on the page of each node they concern); a
        # chain is made for one page and shown there only, so it is not
        if id(finding) not in self._shared:
            return self._make_finding(finding, compact, root)
        kept = self._findings.get((compact, root))
        if kept is None:
            kept = self._findings[compact, root] = {}
        found = kept.get(id(finding))
        if found is None:
            found = kept[id(finding)] = self._make_finding(finding, compact, root)
        return found

    def _make_finding(self, f: analysis.Finding, compact: bool, root: str) -> str:
        badge = (f'<span class="badge strength">{self._t("strength_" + f.strength)}</span>'
                 if f.strength else "")
        concerned = " · ".join([self._name(n, root) for n in (f.nodes or [f.subject])
                                if n.startswith("https://")])
        lines = [f'<article class="finding strength-{escaped(f.strength or "none")}">\n',
                 f'  <p class="finding-kind">{badge} {self._kind(f.kind)}</p>\n',
                 f'  <p class="finding-text">{escaped(f.text(self._site.lang))}</p>\n',
                 f'  <p class="concerns">{self._t("concerns")}: {concerned}</p>\n']
        if f.evidence:
            if compact:
                lines.append(f'<details><summary>{self._t("what_letter_says")} '
                             f'({len(f.evidence)})</summary>')
            lines.append('  <ul class="evidence-list">\n')
            kept = self._evidence.get(root)
            if kept is None:
                kept = self._evidence[root] = {}
            for e in f.evidence:
                # the same link of a chain is shown in the chains of many pages
                line = kept.get(e)
                if line is None:
                    line = kept[e] = (f'    <li><span class="about">{escaped(e.label)}</span> '
                                      f'<q lang="nl">{self._quote(e.quote)}</q> {self._source(e, root)} '
                                      f'{self._support(e.support)}</li>\n')
                lines.append(line)
            lines.append("  </ul>\n")
            if compact:
                lines.append("</details>")
        lines.append("</article>")
        return "".join(lines)

    def _kind(self, kind: str) -> str:
        return self._escaped("kind", kind, self._site.kind_label)

    @cached_property
    def _shared(self) -> set[int]:
        return {id(f) for found in self._site.findings.values() for f in found}

    def _listed(self, items: Sequence[analysis.Finding], root: str, shown: int | None = None,
                compact: bool = False) -> str:
        from coalitiegraaf.report.pages import LISTED

        listed = items[:LISTED if shown is None else shown]
        if not listed:
            return f'<p class="none">{self._t("no_findings")}</p>'
        # _finding, inlined for the kept ones: a node's page lists up to a hundred per section
        kept, shared = self._findings.get((compact, root)), self._shared
        shown_here = []
        for f in listed:
            found = kept.get(id(f)) if kept is not None and id(f) in shared else None
            shown_here.append(self._finding(f, compact, root) if found is None else found)
        return "\n".join(shown_here) + "\n"

    def _more(self, items: Sequence, root: str, file: str | None = None, shown: int | None = None) -> str:
        from coalitiegraaf.report.pages import LISTED

        shown = LISTED if shown is None else shown
        if len(items) <= shown:
            return ""
        if file:
            csv = f"findings/{escaped(file)}.csv"
            words = (f'{self._t("more_rows", n=len(items) - shown, total=len(items))} '
                     f'<a href="{escaped(root)}{csv}">{csv}</a>')
        else:
            words = self._t("more_here", n=len(items) - shown)
        return f'<p class="more">{words}</p>'

    # --- tables -----------------------------------------------------------------------

    def _escaped(self, what: str, name: str, words_for: Callable[[str], str]) -> str:
        """``words_for(name)`` escaped, kept: the words for a kind, a property or a role are
        shown in thousands of rows."""
        key = (what, name)
        found = self._kept.get(key)
        if found is None:
            found = self._kept[key] = escaped(words_for(name))
        return found

    def _label(self, node: str) -> str:
        """A node's label, escaped (a role's or a relation's, shown in thousands of rows)."""
        return self._escaped("label", node, self._site.index.label)

    def _parts_table(self, found: Sequence, root: str) -> str:
        site, t = self._site, self._t
        rows = []
        for p in found:
            through = self._name(p.actor, root) if p.actor != p.organisation else ""
            words = "".join([self._quoted(e, root) for e in site.index.evidence(p.statement)])
            rows.append(f"  <tr><td>{self._name(p.effort, root)}</td><td>{self._label(p.role)} "
                        f"{self._support(p.support)}</td>\n      <td>{through}</td>\n"
                        f"      <td>{words}</td></tr>\n")
        return ('<div class="table-wrap">\n<table class="compact parts">\n'
                f'  <thead><tr><th>{t("subject")}</th><th>{t("role")}</th><th>{t("through")}</th>'
                f'<th>{t("what_letter_says")}</th></tr></thead>\n  <tbody>\n'
                f'{"".join(rows)}  </tbody>\n</table>\n</div>\n')

    def _partners(self, memberships: Sequence[Membership], root: str) -> str:
        # as the templates' groupby and sort filters did: case-insensitively, stable, each
        # group named as its first member names it
        rows = []
        by_organization = sorted(memberships, key=lambda m: m.organization.lower())
        for _, group in itertools.groupby(by_organization, key=lambda m: m.organization.lower()):
            members = list(group)
            rows.append(f'    <tr><th colspan="2">{self._name(members[0].organization, root)}</th></tr>\n')
            rows += [f"    <tr><td>{self._name(m.member, root)}</td><td>{self._label(m.role)} "
                     f"{self._source(m.evidence, root)}</td></tr>\n"
                     for m in sorted(members, key=lambda m: m.member.lower())]
        return "".join(rows)

    def _organisations(self, found: Sequence[tuple[str, Sequence]], root: str) -> str:
        from coalitiegraaf.report.pages import LISTED

        site, sections = self._site, []
        for n, (organisation, parts) in enumerate(found, start=1):
            alt = site.index.alt_labels(organisation)
            also = f' <span class="alt">({escaped(", ".join(alt))})</span>' if alt else ""
            sections.append(
                f'<section id="o{n}" aria-labelledby="o{n}-name">\n'
                f'  <h2 id="o{n}-name">{self._name(organisation, root)}{also}</h2>\n'
                f"  {self._parts_table(site.parts_of(organisation)[:LISTED], root)}\n"
                f"  {self._more(parts, root)}\n</section>\n")
        return "".join(sections)

    def _cited(self, passage: str, root: str) -> str:
        site, index = self._site, self._site.index
        statements = site.citing(passage)
        if not statements:
            return ""
        items = []
        for statement in statements:
            x = site.statements.get(statement)
            if x is not None and kind_of(statement) == "membership":
                said = (f"{self._name(x.member, root)} · {self._label(x.role)} · "
                        f"{self._name(x.organization, root)}\n")
            elif x is not None:
                said = (f"{self._name(x.source, root)} · {self._label(x.relation)} · "
                        f"{self._name(x.target, root)}\n")
            else:
                said = self._name(statement, root)
            items += [f'      <li><q lang="nl">{self._quote(e.quote)}</q> →\n{said}</li>\n'
                      for e in index.evidence(statement) if e.passage == passage]
        return (f'    <details><summary>{self._t("statements_here")} ({len(statements)})</summary>\n'
                f'    <ul>\n{"".join(items)}    </ul>\n    </details>\n')

    # --- what a node's page says about it ---------------------------------------------

    def _node_page(self, node: str, root: str) -> str:
        site = self._site
        parts = site.sections_of(node)
        if not parts:
            return self._node(node, root)
        listed = "".join([f'<li>{self._name(part, root)} <span class="kind">'
                          f'({self._t("kind_" + kind_of(part))})</span></li>' for part in parts])
        sections = "".join([f'<section class="part" id="{escaped(site.anchor_of(part))}">\n'
                            f"{self._node(part, root, nested=True)}</section>\n" for part in parts])
        return (f'{self._node(node, root)}<section class="parts-of">'
                f'<h2>{self._t("sections_title")}</h2>\n<ul>{listed}</ul>\n</section>\n{sections}')

    def _node(self, node: str, root: str, nested: bool = False) -> str:
        h1, h2 = ("h2", "h3") if nested else ("h1", "h2")
        site, index = self._site, self._site.index
        out = [f'<p class="kind"><span class="dot kind-{escaped(kind_of(node))}"></span>'
               f'{self._label(index.class_of(node))}</p>\n',
               f"<{h1}>{escaped(index.label(node))}</{h1}>\n"]
        alt = index.alt_labels(node)
        if alt:
            out.append(f'<p class="alt">{escaped(" · ".join(alt))}</p>')
        out.append(f'<p class="iri"><a href="{escaped(node)}" rel="noopener">'
                   f'{self._t("permalink")}</a></p>\n\n')
        evidence = index.evidence(node)
        if evidence:
            out.append(f'<section><{h2}>{self._t("what_letter_says")}</{h2}>'
                       f'{"".join([self._quoted(e, root) for e in evidence])}</section>\n')
        out.append("\n")
        found_parts = site.parts_of(node)
        if found_parts:
            from coalitiegraaf.report.pages import LISTED

            out.append(f'<section><{h2}>{self._t("parts_title")}</{h2}>\n'
                       f'{self._parts_table(found_parts[:LISTED], root)}{self._more(found_parts, root)}\n'
                       "</section>\n")
        out.append("\n")
        out.append(self._attributes(node, h2))
        out.append(self._memberships(node, h2, root, bool(found_parts)))
        out.append(self._dependencies(node, h2, root))
        out.append(self._links(node, h2, root))
        out.append(self._chains(node, h2, root, nested))
        out.append(self._findings_here(node, h2, root))
        return "".join(out)

    def _attributes(self, node: str, h2: str) -> str:
        values = attributes(self._site.index, node)
        if not values:
            return "\n"
        shown = "".join([f"<dt>{self._property(prop)}</dt><dd>{_value(prop, value)}</dd>"
                         for prop, value in values])
        return f'<section><{h2}>{self._t("properties")}</{h2}>\n<dl>{shown}</dl>\n</section>\n\n'

    def _property(self, prop: str) -> str:
        return self._escaped("property", prop, self._site.property_label)

    def _memberships(self, node: str, h2: str, root: str, has_parts: bool) -> str:
        site, index = self._site, self._site.index
        ms = site.memberships_of(node)
        as_member = [x for x in ms if x.member == node]
        as_organization = [x for x in ms if x.organization == node]
        out = []

        def table(title: str, rows: list, other: Callable) -> str:
            shown = "".join([
                f"<tr><td>{self._name(other(x), root)}</td><td>{self._label(x.role)} "
                f"{self._support(index.support(x.node))}</td><td>{self._quoted(x.evidence, root)}</td></tr>"
                for x in rows])
            return (f'<section><{h2}>{self._t(title)}</{h2}>\n<div class="table-wrap">\n'
                    f'<table class="compact">{shown}</table></div></section>\n')

        # sorted as the templates' sort filter did: case-insensitively, and stable
        if as_member and not has_parts:
            out.append(table("memberships_of_actor", sorted(as_member, key=lambda x: x.organization.lower()),
                             lambda x: x.organization))
        if as_organization:
            out.append(table("members_of", sorted(as_organization, key=lambda x: x.role.lower()),
                             lambda x: x.member))
        out.append("\n")
        return "".join(out)

    def _dependencies(self, node: str, h2: str, root: str) -> str:
        index = self._site.index
        deps = self._site.dependencies_of(node)
        if not deps:
            return "\n"
        shown = "".join([
            f"<tr><td>{self._name(d.source, root)}</td><td>{self._label(d.relation)} "
            f"{self._support(index.support(d.node))}</td><td>{self._name(d.target, root)}</td>"
            f"<td>{''.join([self._quoted(e, root) for e in index.evidence(d.node)])}</td></tr>"
            for d in deps])
        return (f'<section><{h2}>{self._t("relations")}</{h2}>\n<div class="table-wrap">\n'
                f'<table class="compact">{shown}</table></div></section>\n\n')

    def _links(self, node: str, h2: str, root: str) -> str:
        site = self._site
        others = links_of(site.index, node, site._typed)
        if not others:
            return "\n"
        shown = "".join([
            f"<li>{self._property(prop)}: {self._name(other, root)}</li>" if direction == "out"
            else f"<li>{self._name(other, root)} — {self._property(prop)}</li>"
            for direction, prop, other in others])
        return f'<section><{h2}>{self._t("links")}</{h2}>\n<ul>{shown}</ul></section>\n\n'

    def _chains(self, node: str, h2: str, root: str, nested: bool) -> str:
        chains = self._site.chains(node)
        if not chains:
            return "\n"
        stalls, depends = ("", "") if nested else (' id="stalls"', ' id="depends"')
        return (f'<section{stalls}><{h2}>{self._t("stalls_title")}</{h2}>\n'
                f'{self._listed(chains["downstream"], root)}</section>\n'
                f'<section{depends}><{h2}>{self._t("depends_title")}</{h2}>\n'
                f'{self._listed(chains["upstream"], root)}</section>\n\n')

    def _findings_here(self, node: str, h2: str, root: str) -> str:
        found = self._site.findings_about(node)
        checks = self._site.validation_about(node)
        if not (found or checks):
            return ""
        listed = f"{self._listed(found, root)}{self._more(found, root)}" if found else ""
        checked = ("<ul>" + "".join([
            f'<li class="severity-{escaped(f.severity)}">{self._t("severity_" + f.severity)}: '
            f"{escaped(f.message)}</li>" for f in checks]) + "</ul>") if checks else ""
        return f'<section><{h2}>{self._t("findings_here")}</{h2}>\n{listed}{checked}</section>\n'


def _value(prop: str, value: str) -> str:
    """A literal as a page shows it: a citation as the letter's words, quoted."""
    from coalitiegraaf.report.pages import plain

    if prop.endswith(CITATION_TEXT):
        return f'<q lang="nl">{escaped(plain(value))}</q>'
    return escaped(value)
