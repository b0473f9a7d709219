"""The report's repeated pieces, made as plain strings: escaped as the templates escape, and
the overview's partners as the Jinja2 loops they replace made them."""

from __future__ import annotations

from types import SimpleNamespace

import jinja2
import pytest
from markupsafe import escape

from coalitiegraaf.report.fragments import Fragments, escaped
from coalitiegraaf.report.model import Evidence, Index, Membership
from coalitiegraaf.report.pages import page_of
from coalitiegraaf.store.terms import Text
from tests.conftest import ID

LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"


@pytest.mark.parametrize("value", ["", "plain", "<b>&amp;</b>", "it's \"quoted\"", "a'&<>\"b", "énergie → €",
                                   "&#39;", "<<>>&&''\"\"", "\x00\n\t"])
def test_escaped_is_markupsafes_escape_as_a_plain_string(value):
    assert escaped(value) == str(escape(value))
    assert type(escaped(value)) is str


def test_the_partners_rows_are_the_ones_the_templates_loops_made():
    # organisations differing in case only, members out of order, a label with markup, a role
    # and a quote with quotes in them, a membership without evidence
    index = Index("nl")
    names = {"actor/B": "B <i>", "actor/a": "a & co", "actor/c": "C", "coalition/Zorg": "Zorg",
             "coalition/zorg": "zorg", "coalition/alpha": "Alpha", "role/lead": 'trekker "lead"',
             "passage/kst-1/p2": "p2"}
    for node, name in names.items():
        index.add(ID + node, LABEL, Text(name, "nl"))
    evidence = Evidence(ID + "passage/kst-1/p2", "*zegt* 'het' <zo>")
    memberships = [Membership(ID + f"membership/{i}", ID + organisation, ID + member, ID + "role/lead",
                              evidence if i % 2 else None)
                   for i, (organisation, member) in enumerate([
                       ("coalition/zorg", "actor/c"), ("coalition/Zorg", "actor/B"), ("coalition/alpha", "actor/a"),
                       ("coalition/Zorg", "actor/a"), ("coalition/zorg", "actor/B")])]
    fragments = Fragments(SimpleNamespace(index=index, page_of=page_of))
    loops = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string(
        '    {% for ms in memberships|groupby("organization") %}\n'
        '    <tr><th colspan="2">{{ fragments.name(ms.grouper, root) }}</th></tr>\n'
        '    {% for member in ms.list|sort(attribute="member") %}\n'
        '    <tr><td>{{ fragments.name(member.member, root) }}</td><td>{{ label(member.role) }} '
        '{{ fragments.source(member.evidence, root) }}</td></tr>\n'
        '    {% endfor %}\n'
        '    {% endfor %}\n')
    expected = loops.render(memberships=memberships, fragments=fragments, label=index.label, root="../")
    assert str(fragments.partners(memberships, "../")) == expected
    assert expected.count("<th") == 2  # Zorg and zorg are one organisation to the loops
    assert "B &lt;i&gt;" in expected and "&#34;lead&#34;" in expected and "&#39;het&#39; &lt;zo&gt;" in expected
