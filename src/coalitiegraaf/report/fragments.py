"""The pieces of markup the report repeats on thousands of pages (a link to a node, a quote with
its passage, a finding, the rows of a table, what a node's page says about it), made in Python
rather than by Jinja2 macros: a macro call costs more than the markup it makes, and a large
agenda makes millions of them. The pages' skeletons stay templates.

Every value from the data goes through :func:`markupsafe.escape`, the same escaping the
templates' autoescape applies, and the result is :class:`markupsafe.Markup`, so that a template
inserts it as it is and escapes nothing twice. Links to the data's own addresses pass
:func:`~coalitiegraaf.report.pages.safe_link` in the templates that show them; here every link
is to a page of the report or to a node's own identifier.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from coalitiegraaf.report.model import attributes, has_page, kind_of, links_of

if TYPE_CHECKING:
    from coalitiegraaf import analysis
    from coalitiegraaf.report.model import Evidence
    from coalitiegraaf.report.pages import Site

CITATION_TEXT = "#citationText"


class Fragments:
    """The markup of one report's repeated pieces. The pieces shown on many pages are made once
    per folder depth (``root``) and kept: on a large agenda the same organisation is linked,
    and the same finding shown, on hundreds of pages."""

    def __init__(self, site: Site) -> None:
        self._site = site
        self._kept: dict[tuple, Markup] = {}

    # the markup is joined from escaped parts: Markup.format is several times slower, and a
    # large report makes hundreds of thousands of these
    def _once(self, key: tuple, make: Callable[[], str]) -> Markup:
        """The markup kept under ``key``, made by ``make`` the first time it is asked for."""
        found = self._kept.get(key)
        if found is None:
            found = self._kept[key] = Markup(make())
        return found

    def _t(self, key: str, **values: object) -> Markup:
        if values:
            return escape(self._site.t(key, **values))
        return self._once(("t", key), lambda: escape(self._site.t(key)))

    # --- the smallest pieces ---------------------------------------------------------------

    def name(self, node: str, root: str, text: str | None = None) -> Markup:
        """A node's name, a link to where it is shown if it is shown anywhere."""
        key = ("name", node, root, text)
        found = self._kept.get(key)  # looked up before making a closure: the most asked piece
        if found is not None:
            return found

        def make() -> str:
            shown = escape(text or self._site.index.label(node))
            if has_page(node):
                shown = f'<a href="{escape(root + self._site.page_of(node))}">{shown}</a>'
            return shown

        return self._once(key, make)

    def source(self, evidence: Evidence | analysis.Evidence | None, root: str) -> Markup:
        """A link to the passage the letter says it in, its words as the link's title."""
        if not evidence:
            return Markup("")

        def make() -> str:
            from coalitiegraaf.report.pages import page_of, plain

            passage = evidence.passage
            href, title = escape(root + page_of(passage)), escape(plain(evidence.quote))
            shown = escape(self._site.index.label(passage))
            return f'<a class="evidence" href="{href}" title="{title}">{shown}</a>'

        return self._once(("source", evidence, root), make)

    def quoted(self, evidence: Evidence | analysis.Evidence | None, root: str) -> Markup:
        """The letter's words as a quote, with the link to their passage."""
        if not evidence:
            return Markup("")

        def make() -> str:
            from coalitiegraaf.report.pages import plain

            return (f'<blockquote lang="nl">“{escape(plain(evidence.quote))}” '
                    f'{self.source(evidence, root)}</blockquote>')

        return self._once(("quoted", evidence, root), make)

    def support(self, value: str | None) -> Markup:
        """A badge for what the letter only implies or intends; nothing for what it states."""
        if not value or value == "stated":
            return Markup("")
        return self._once(("support", value), lambda: (
            f'<span class="badge support-{escape(value)}">{self._t("support_" + value)}</span>'))

    # --- findings ---------------------------------------------------------------------

    def finding(self, finding: analysis.Finding, compact: bool, root: str) -> Markup:
        """One finding: its kind and strength, its sentence, the nodes it concerns and the
        letter's words for each (for a chain: for every link); ``compact``, the words folded."""
        # the analyses' findings are kept (shown on the page of each node they concern); a
        # chain is made for one page and shown there only, so it is not
        if id(finding) not in self._shared:
            return Markup(self._finding(finding, compact, root))
        return self._once(("finding", id(finding), compact, root),
                          lambda: self._finding(finding, compact, root))

    def _finding(self, f: analysis.Finding, compact: bool, root: str) -> str:
        from coalitiegraaf.report.pages import plain

        site = self._site
        badge = (f'<span class="badge strength">{self._t("strength_" + f.strength)}</span>'
                 if f.strength else "")
        concerned = " · ".join(self.name(n, root) for n in (f.nodes or [f.subject])
                               if n.startswith("https://"))
        lines = [f'<article class="finding strength-{escape(f.strength or "none")}">\n',
                 f'  <p class="finding-kind">{badge} {escape(site.kind_label(f.kind))}</p>\n',
                 f'  <p class="finding-text">{escape(f.text(site.lang))}</p>\n',
                 f'  <p class="concerns">{self._t("concerns")}: {concerned}</p>\n']
        if f.evidence:
            if compact:
                lines.append(f'<details><summary>{self._t("what_letter_says")} '
                             f'({len(f.evidence)})</summary>')
            lines.append('  <ul class="evidence-list">\n')
            lines += [f'    <li><span class="about">{escape(e.label)}</span> '
                      f'<q lang="nl">{escape(plain(e.quote))}</q> {self.source(e, root)} '
                      f'{self.support(e.support)}</li>\n' for e in f.evidence]
            lines.append("  </ul>\n")
            if compact:
                lines.append("</details>")
        lines.append("</article>")
        return "".join(lines)

    @cached_property
    def _shared(self) -> set[int]:
        return {id(f) for found in self._site.findings.values() for f in found}

    def findings(self, items: Sequence[analysis.Finding], root: str, shown: int | None = None,
                 compact: bool = False) -> Markup:
        """The first ``shown`` of ``items`` (``LISTED`` unless told), or that there are none."""
        from coalitiegraaf.report.pages import LISTED

        listed = items[:LISTED if shown is None else shown]
        if not listed:
            return Markup(f'<p class="none">{self._t("no_findings")}</p>')
        return Markup("".join(f"{self.finding(f, compact, root)}\n" for f in listed))

    def more(self, items: Sequence, root: str, file: str | None = None, shown: int | None = None) -> Markup:
        """How many of ``items`` a list leaves out, and where they all are (``file``: the
        findings' CSV file), if it leaves any out."""
        from coalitiegraaf.report.pages import LISTED

        shown = LISTED if shown is None else shown
        if len(items) <= shown:
            return Markup("")
        if file:
            words = (f'{self._t("more_rows", n=len(items) - shown, total=len(items))} '
                     f'<a href="{escape(root)}findings/{escape(file)}.csv">findings/{escape(file)}.csv</a>')
        else:
            words = self._t("more_here", n=len(items) - shown)
        return Markup(f'<p class="more">{words}</p>')

    # --- tables -----------------------------------------------------------------------

    def parts_table(self, found: Sequence, root: str) -> Markup:
        """An organisation's parts: in what, in which role, through which post or unit, and
        the letter's words."""
        site, t = self._site, self._t
        rows = []
        for p in found:
            through = self.name(p.actor, root) if p.actor != p.organisation else ""
            words = "".join(self.quoted(e, root) for e in site.index.evidence(p.statement))
            rows.append(f"  <tr><td>{self.name(p.effort, root)}</td><td>{escape(site.index.label(p.role))} "
                        f"{self.support(p.support)}</td>\n      <td>{through}</td>\n"
                        f"      <td>{words}</td></tr>\n")
        return Markup(
            '<div class="table-wrap">\n<table class="compact parts">\n'
            f'  <thead><tr><th>{t("subject")}</th><th>{t("role")}</th><th>{t("through")}</th>'
            f'<th>{t("what_letter_says")}</th></tr></thead>\n  <tbody>\n'
            f'{"".join(rows)}  </tbody>\n</table>\n</div>\n')

    def cited(self, passage: str, root: str) -> Markup:
        """The statements that cite ``passage``, each with its words and what it says (who
        takes part in what, what depends on what, or the node), folded; nothing if none does."""
        from coalitiegraaf.report.pages import plain

        site, index = self._site, self._site.index
        statements = site.citing(passage)
        if not statements:
            return Markup("")
        items = []
        for statement in statements:
            x = site.statements.get(statement)
            if x is not None and kind_of(statement) == "membership":
                said = (f"{self.name(x.member, root)} · {escape(index.label(x.role))} · "
                        f"{self.name(x.organization, root)}\n")
            elif x is not None:
                said = (f"{self.name(x.source, root)} · {escape(index.label(x.relation))} · "
                        f"{self.name(x.target, root)}\n")
            else:
                said = self.name(statement, root)
            items += [f'      <li><q lang="nl">{escape(plain(e.quote))}</q> →\n{said}</li>\n'
                      for e in index.evidence(statement) if e.passage == passage]
        return Markup(f'    <details><summary>{self._t("statements_here")} ({len(statements)})</summary>\n'
                      f'    <ul>\n{"".join(items)}    </ul>\n    </details>\n')

    # --- what a node's page says about it ---------------------------------------------

    def node_page(self, node: str, root: str) -> Markup:
        """What a node's page shows: the node, and on a coalition's page each of its
        collaborations and action lines as a section of its own."""
        site = self._site
        parts = site.sections_of(node)
        if not parts:
            return self.node(node, root)
        listed = "".join(f'<li>{self.name(part, root)} <span class="kind">'
                         f'({self._t("kind_" + kind_of(part))})</span></li>' for part in parts)
        sections = "".join(f'<section class="part" id="{escape(site.anchor_of(part))}">\n'
                           f"{self.node(part, root, nested=True)}</section>\n" for part in parts)
        return Markup(f'{self.node(node, root)}<section class="parts-of">'
                      f'<h2>{self._t("sections_title")}</h2>\n<ul>{listed}</ul>\n</section>\n{sections}')

    def node(self, node: str, root: str, nested: bool = False) -> Markup:
        """Everything a page says about one node; ``nested``, as a section of its coalition's
        page (headings one level down)."""
        h1, h2 = ("h2", "h3") if nested else ("h1", "h2")
        site, index = self._site, self._site.index
        out = [f'<p class="kind"><span class="dot kind-{escape(kind_of(node))}"></span>'
               f'{escape(index.label(index.class_of(node)))}</p>\n',
               f"<{h1}>{escape(index.label(node))}</{h1}>\n"]
        alt = index.alt_labels(node)
        if alt:
            out.append(f'<p class="alt">{escape(" · ".join(alt))}</p>')
        out.append(f'<p class="iri"><a href="{escape(node)}" rel="noopener">'
                   f'{self._t("permalink")}</a></p>\n\n')
        evidence = index.evidence(node)
        if evidence:
            out.append(f'<section><{h2}>{self._t("what_letter_says")}</{h2}>'
                       f'{"".join(self.quoted(e, root) for e in evidence)}</section>\n')
        out.append("\n")
        found_parts = site.parts_of(node)
        if found_parts:
            from coalitiegraaf.report.pages import LISTED

            out.append(f'<section><{h2}>{self._t("parts_title")}</{h2}>\n'
                       f'{self.parts_table(found_parts[:LISTED], root)}{self.more(found_parts, root)}\n'
                       "</section>\n")
        out.append("\n")
        out.append(self._attributes(node, h2))
        out.append(self._memberships(node, h2, root, bool(found_parts)))
        out.append(self._dependencies(node, h2, root))
        out.append(self._links(node, h2, root))
        out.append(self._chains(node, h2, root, nested))
        out.append(self._findings_here(node, h2, root))
        return Markup("".join(out))

    def _attributes(self, node: str, h2: str) -> str:
        values = attributes(self._site.index, node)
        if not values:
            return "\n"
        # joined in f-strings, never with +: str + Markup would escape the str
        shown = "".join(f"<dt>{escape(self._site.property_label(prop))}</dt><dd>{_value(prop, value)}</dd>"
                        for prop, value in values)
        return f'<section><{h2}>{self._t("properties")}</{h2}>\n<dl>{shown}</dl>\n</section>\n\n'

    def _memberships(self, node: str, h2: str, root: str, has_parts: bool) -> str:
        site, index = self._site, self._site.index
        ms = site.memberships_of(node)
        as_member = [x for x in ms if x.member == node]
        as_organization = [x for x in ms if x.organization == node]
        out = []

        def table(title: str, rows: list, other: Callable) -> str:
            shown = "".join(
                f"<tr><td>{self.name(other(x), root)}</td><td>{escape(index.label(x.role))} "
                f"{self.support(index.support(x.node))}</td><td>{self.quoted(x.evidence, root)}</td></tr>"
                for x in rows)
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
        shown = "".join(
            f"<tr><td>{self.name(d.source, root)}</td><td>{escape(index.label(d.relation))} "
            f"{self.support(index.support(d.node))}</td><td>{self.name(d.target, root)}</td>"
            f"<td>{''.join(self.quoted(e, root) for e in index.evidence(d.node))}</td></tr>"
            for d in deps)
        return (f'<section><{h2}>{self._t("relations")}</{h2}>\n<div class="table-wrap">\n'
                f'<table class="compact">{shown}</table></div></section>\n\n')

    def _links(self, node: str, h2: str, root: str) -> str:
        site = self._site
        others = links_of(site.index, node, site._typed)
        if not others:
            return "\n"
        shown = "".join(
            f"<li>{escape(site.property_label(prop))}: {self.name(other, root)}</li>" if direction == "out"
            else f"<li>{self.name(other, root)} — {escape(site.property_label(prop))}</li>"
            for direction, prop, other in others)
        return f'<section><{h2}>{self._t("links")}</{h2}>\n<ul>{shown}</ul></section>\n\n'

    def _chains(self, node: str, h2: str, root: str, nested: bool) -> str:
        chains = self._site.chains(node)
        if not chains:
            return "\n"
        stalls, depends = ("", "") if nested else (' id="stalls"', ' id="depends"')
        return (f'<section{stalls}><{h2}>{self._t("stalls_title")}</{h2}>\n'
                f'{self.findings(chains["downstream"], root)}</section>\n'
                f'<section{depends}><{h2}>{self._t("depends_title")}</{h2}>\n'
                f'{self.findings(chains["upstream"], root)}</section>\n\n')

    def _findings_here(self, node: str, h2: str, root: str) -> str:
        found = self._site.findings_about(node)
        checks = self._site.validation_about(node)
        if not (found or checks):
            return ""
        listed = f"{self.findings(found, root)}{self.more(found, root)}" if found else ""
        checked = ("<ul>" + "".join(
            f'<li class="severity-{escape(f.severity)}">{self._t("severity_" + f.severity)}: '
            f"{escape(f.message)}</li>" for f in checks) + "</ul>") if checks else ""
        return f'<section><{h2}>{self._t("findings_here")}</{h2}>\n{listed}{checked}</section>\n'


def _value(prop: str, value: str) -> str:
    """A literal as a page shows it: a citation as the letter's words, quoted."""
    from coalitiegraaf.report.pages import plain

    if prop.endswith(CITATION_TEXT):
        return f'<q lang="nl">{escape(plain(value))}</q>'
    return escape(value)
