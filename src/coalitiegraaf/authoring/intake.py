"""A new letter in, for review: its passages numbered and candidate rows for the sheets.

:func:`intake` reads a plain-text source and proposes what a curator would otherwise look for by
hand: the Kamerstukken, Staatscourant publications and other documents its footnotes cite (with
their official identifiers), the organisations it names (known to the graph, in KOOP's TOOI
lists, or recognised by the words organisations are named with) and the programmes and
initiatives it names (in quotes, in italics, or by the words initiatives are named with). Every
candidate carries the passage it stands in and the verbatim words that were found, and says how
it was found. Nothing enters the graph: the rows go into the sheets, to be reviewed and imported.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import OWL, RDF, Graph, URIRef
from rdflib.namespace import SKOS

from coalitiegraaf.authoring.letters import NumberedPassage, find_headings, number
from coalitiegraaf.authoring.mapping import Mapping, mapping
from coalitiegraaf.authoring.names import Names, fold, slugify
from coalitiegraaf.authoring.tooi import organisations
from coalitiegraaf.authoring.workbook import Table
from coalitiegraaf.store import Store
from coalitiegraaf.store.namespaces import CG, ID

FOUND_BY = "found by"
KNOWN = "known"
CANDIDATE_SHEETS = ("documents", "actors", "initiatives")
_KST = re.compile(
    r"Kamerstukken(?:\s+I{1,2})?\s+(\d{4}(?:/\d{2}|-\d{4}))?,?\s*(\d{2}\s?\d{3})(?:-([A-Z0-9]+))?"
    r",\s*nr\.\s*(\d+[a-z]?)"
)
_KST_SHORT = re.compile(r"Kamerstuk\s+(\d{5})(?:-([A-Z0-9]+))?-(\d+[a-z]?)")
_STCRT = re.compile(r"Staatscourant(?:\s+(\d{4}),?)?\s+nr\.\s*(\d+)(?:\s+van\s+\d{1,2}\s+[a-z]+\s+(\d{4}))?")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>]+[^\s<>.,;)]")
_QUOTED = re.compile(r"(?<![\w'])'([^'\n]{3,120}?)'(?![\w])")
_ITALIC = re.compile(r"\*([^*\n]{2,80}?)\*")
_MOTION = re.compile(r"(motie van (?:het lid|de leden) [^()]+?)\s*\($")
_ANNEX = re.compile(r"[Bb]ijlage ([A-Z][^.\n]+)")
_DEFINITION = re.compile(
    r"^[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s+(?:De |Het )?([A-Z][\w ]+?) is een [\w ]*?(?:publicatie|rapport|nota)"
)
_WORD = re.compile(r"[^\W_⁰¹²³⁴⁵⁶⁷⁸⁹](?:[^\W⁰¹²³⁴⁵⁶⁷⁸⁹]|['’-])*(?<!['’-])")
_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_DATE = re.compile(r"Datum\s+(\d{1,2}) (" + "|".join(_MONTHS) + r") (\d{4})")
_CONNECTORS = {"van", "voor", "der", "of"}  # inside names: Raad voor het Openbaar Bestuur
_ARTICLES = {"de", "het", "the"}  # only after a connector: Unie van de …
# capitalised at the start of a sentence, not because they are names
_FUNCTION_WORDS = {
    "de",
    "het",
    "een",
    "dit",
    "deze",
    "dat",
    "die",
    "zo",
    "in",
    "op",
    "met",
    "als",
    "ook",
    "daarnaast",
    "binnen",
    "voor",
    "naar",
    "bij",
    "samen",
    "hierbij",
    "vanuit",
    "wanneer",
    "naast",
    "verder",
    "mede",
    "tot",
    "aan",
    "om",
    "er",
    "ik",
    "we",
    "wij",
    "zij",
    "hoe",
    "wat",
    "welke",
    "waar",
    "dan",
    "maar",
    "en",
    "of",
    "onder",
    "sinds",
    "tegelijk",
    "helaas",
    "juist",
    "soms",
    "veel",
    "alle",
    "elke",
    "zie",
    "brief",
    "onderzoek",
    "rapport",
    "gewijzigde",
    "motie",
    "daarom",
    "daartoe",
    "concreet",
    "coalitiepartners",
    "gesprekspartners",
    "recent",
    "komende",
    "hieronder",
    "vervolgens",
    "mijn",
    "hun",
    "onze",
    "uw",
}
ORGANISATION_WORDS = (
    "raad",
    "autoriteit",
    "directie",
    "universiteit",
    "hogeschool",
    "unie",
    "netwerk",
    "beraad",
    "coalitie",
    "alliantie",
    "commissie",
    "parlement",
    "vereniging",
    "gilde",
    "kamer",
    "dienst",
    "inspectie",
    "stichting",
    "instituut",
    "bureau",
    "platform",
    "overleg",
    "fabriek",
    "agentschap",
    "kadaster",
    "overheid",
    "ministerie",
)
INITIATIVE_WORDS = (
    "programma",
    "lab",
    "labs",
    "register",
    "kader",
    "stelsel",
    "strategie",
    "infrastructuur",
    "fonds",
    "actieplan",
    "pact",
    "convenant",
    "project",
    "fundament",
    "traject",
    "sessie",
    "communities",
    "hubs",
    "space",
    "aanvraag",
    "centre",
    "toekomstbeeld",
)
_GENERIC_ABBREVIATIONS = {"AI", "ICT", "EU", "II", "IT", "CO"}
_ABBREVIATION = re.compile(r"[A-Z]+(?:[a-z]{1,2}[A-Z]+)*")  # IPO, UvW, IenW; not ChatGPT
_NAMED_BEFORE = ("coalitie", "agenda", "thema", "as", "assen")  # 'X' after these names a coalition, theme


@dataclass
class Candidate:
    """A row proposed for one of the sheets, with where and how it was found."""

    sheet: str
    label: str
    found_by: str
    passage: NumberedPassage
    quote: str
    types: tuple[URIRef, ...]
    id: str = ""
    known: bool = False
    cells: dict[str, str] = field(default_factory=dict)
    abbreviations: set[str] = field(default_factory=set)


@dataclass
class Intake:
    """A new source: its passages, its sections and the candidates found in it."""

    document: str
    text: str
    passages: list[NumberedPassage]
    headings: list[str]
    candidates: list[Candidate]
    own: dict[str, str]  # the source document's own row

    def tables(self, names: Names, sheets: Mapping | None = None) -> list[Table]:
        """The sheets for review: the source's own row, its sections and passages, and the
        candidates with how each was found."""
        sheets = sheets or mapping()
        rows: dict[str, list[dict[str, str]]] = {
            name: [] for name in ("documents", "actors", "initiatives", "sections", "passages")
        }
        rows["documents"].append(self.own)
        sections = self._sections()
        for number_, (title, section_id) in enumerate(sections.items(), start=1):
            rows["sections"].append(
                {
                    "document": self.document,
                    "id": section_id,
                    "number": str(number_),
                    "title": title if title else "",
                    "label nl": title or "(briefhoofd en aanhef)",
                }
            )
        for passage in self.passages:
            footnote = passage.passage.kind == "footnote"
            rows["passages"].append(
                {
                    "document": self.document,
                    "id": passage.id,
                    "type": names.text_for(
                        CG.Footnote if footnote else CG.Paragraph, sheets.sheet("passages").column("type")
                    ),
                    "number": str(passage.passage.number),
                    "section": sections[passage.passage.section],
                    "label nl": f"{'voetnoot' if footnote else 'alinea'} {passage.passage.number}",
                    "label en": f"{'footnote' if footnote else 'paragraph'} {passage.passage.number}",
                    "text": passage.passage.text,
                }
            )
        for candidate in self.candidates:
            sheet = sheets.sheet(candidate.sheet)
            row = {
                "id": candidate.id,
                "label nl": candidate.label,
                FOUND_BY: candidate.found_by,
                KNOWN: "yes" if candidate.known else "",
                "source document": self.document,
                "passage": candidate.passage.id,
                "quote": candidate.quote,
                **candidate.cells,
            }
            if candidate.types:
                row["type"] = "; ".join(names.text_for(t, sheet.column("type")) for t in candidate.types)
            if candidate.abbreviations:
                row["abbreviations"] = "; ".join(sorted(candidate.abbreviations))
            rows[candidate.sheet].append(row)
        tables = []
        for name, found in rows.items():
            sheet = sheets.sheet(name)
            header = [c.name for c in sheet.columns] + ([FOUND_BY, KNOWN] if name in CANDIDATE_SHEETS else [])
            tables.append(Table(name, header, [(0, row) for row in found]))
        return tables

    def _sections(self) -> dict[str | None, str]:
        sections: dict[str | None, str] = {}
        for passage in self.passages:
            title = passage.passage.section
            if title not in sections:
                sections[title] = slugify(title) if title else "aanhef"
        return sections


def intake(text: str, document: str, store: Store | None = None) -> Intake:
    """Number the passages of ``text`` (the source ``document``, e.g. kst-26643-1100) and find
    candidates in it; ``store`` (the graph so far) names what is already known."""
    headings = find_headings(text)
    passages = number(text, headings)
    known = _Known(store.graph() if store is not None else Graph())
    candidates = _merged(
        [*_cited(passages), *_organisations(passages, known), *_initiatives(passages, known)], known
    )
    own = _own_row(document, passages)
    cited = sorted({f"document/{c.id}" for c in candidates if c.found_by.startswith("footnote")})
    if cited:
        own["cites"] = "; ".join(cited)
    return Intake(document, text, passages, headings, candidates, own)


# --- the source itself ---------------------------------------------------------------------------


def _own_row(document: str, passages: list[NumberedPassage]) -> dict[str, str]:
    row = {"id": document, "type": "Kamerbrief", "label nl": document}
    official = re.fullmatch(r"kst-(\d+)(?:-([A-Z0-9]+))?-(\d+[a-z]?)", document)
    if official:
        row |= {
            "koop id": document,
            "dossier number": official.group(1),
            "ondernummer": official.group(3),
            "see also": f"https://zoek.officielebekendmakingen.nl/{document}.html",
        }
    for passage in passages:
        text = passage.passage.text
        date = _DATE.search(text)
        if date and "date" not in row:
            row["date"] = datetime.date(
                int(date.group(3)), _MONTHS.index(date.group(2)) + 1, int(date.group(1))
            ).isoformat()
        subject = re.match(r"Betreft (.+)", text)
        if subject and "quote" not in row:
            row |= {
                "label nl": subject.group(1).strip(),
                "title nl": subject.group(1).strip(),
                "source document": document,
                "passage": passage.id,
                "quote": subject.group(0).strip(),
            }
        kenmerk = re.fullmatch(r"Kenmerk\s+(\S+)", text)
        if kenmerk:
            row["kenmerk"] = kenmerk.group(1)
    return row


# --- documents cited in the footnotes ---------------------------------------------------------------


def _cited(passages: list[NumberedPassage]) -> Iterator[Candidate]:
    for passage in passages:
        if passage.passage.kind != "footnote":
            continue
        text = passage.passage.text
        official = [*_kamerstukken(passage, text), *_gazette(passage, text)]
        yield from official
        if official:
            continue
        for url in _URL.finditer(text):
            address = url.group(0) if url.group(0).startswith("http") else "https://" + url.group(0)
            yield Candidate(
                "documents",
                url.group(0),
                "footnote: web address",
                passage,
                url.group(0),
                (CG.WebSource,),
                cells={"see also": address, "citation": url.group(0)},
            )
        annex = _ANNEX.search(text)
        definition = _DEFINITION.search(text)
        quoted = _QUOTED.search(text)
        if annex:
            yield Candidate(
                "documents",
                annex.group(1).strip(),
                "footnote: annex",
                passage,
                annex.group(0).strip(),
                (CG.Annex,),
                cells={"title nl": annex.group(1).strip()},
            )
        elif definition:
            yield Candidate(
                "documents",
                definition.group(1),
                "footnote: what it is",
                passage,
                definition.group(0)[definition.start(1) :].strip(),
                (_document_type(text),),
            )
        elif quoted and not _is_initiative_name(text[: quoted.start()].split()[-1:]):
            yield Candidate(
                "documents",
                quoted.group(1),
                "footnote: title in quotes",
                passage,
                quoted.group(0),
                (_document_type(text),),
                cells={"title nl": quoted.group(1)},
            )


def _kamerstukken(passage: NumberedPassage, text: str) -> Iterator[Candidate]:
    for match in _KST.finditer(text):
        dossier, addition, number_ = match.group(2).replace(" ", ""), match.group(3), match.group(4)
        koop = f"kst-{dossier}{'-' + addition if addition else ''}-{number_}"
        title = _title_before(text, match.start())
        start = match.start() if title is None else title.start()
        end = match.end() + (1 if title is not None and text[match.end() : match.end() + 1] == ")" else 0)
        cells = _official(koop, match.group(0)) | {"dossier number": dossier, "ondernummer": number_}
        if match.group(1):
            cells["cited vergaderjaar"] = match.group(1)
        if title is not None:
            cells["title nl"] = title.group(1)
        yield Candidate(
            "documents",
            title.group(1) if title else match.group(0),
            "footnote: Kamerstuk citation",
            passage,
            text[start:end],
            (CG.ParliamentaryPaper,),
            id=koop,
            cells=cells,
        )
    for match in _KST_SHORT.finditer(text):
        koop = f"kst-{match.group(1)}{'-' + match.group(2) if match.group(2) else ''}-{match.group(3)}"
        motion = _MOTION.search(text[: match.start()])
        label = motion.group(1) if motion else match.group(0)
        start = motion.start() if motion else match.start()
        yield Candidate(
            "documents",
            label,
            "footnote: Kamerstuk citation",
            passage,
            text[start : match.end()],
            (CG.Motion if motion else CG.ParliamentaryPaper,),
            id=koop,
            cells=_official(koop, match.group(0))
            | {"dossier number": match.group(1), "ondernummer": match.group(3)},
        )


def _official(koop: str, citation: str) -> dict[str, str]:
    """The cells every officially published document has: its KOOP id, its citation as the
    source writes it, and its page (not owl:sameAs: the page is not the document)."""
    return {
        "koop id": koop,
        "citation": citation,
        "see also": f"https://zoek.officielebekendmakingen.nl/{koop}.html",
    }


def _gazette(passage: NumberedPassage, text: str) -> Iterator[Candidate]:
    for match in _STCRT.finditer(text):
        year = match.group(1) or match.group(3)
        if not year:
            continue
        koop = f"stcrt-{year}-{match.group(2)}"
        after = _QUOTED.match(text, match.end() + 1) if match.end() < len(text) else None
        label = after.group(1) if after else match.group(0)
        end = after.end() if after else match.end()
        yield Candidate(
            "documents",
            label,
            "footnote: Staatscourant citation",
            passage,
            text[match.start() : end],
            (CG.GazettePublication,),
            id=koop,
            cells=_official(koop, match.group(0)) | {"issue number": match.group(2)},
        )


def _title_before(text: str, position: int) -> re.Match | None:
    """The quoted title just before a citation: over 'Titel' (Kamerstukken …)."""
    found = None
    for quoted in re.finditer(r"'(.{3,200}?)'\s*\($", text[:position]):
        found = quoted
    return found


def _document_type(text: str) -> URIRef:
    lowered = text.lower()
    for words, kind in (
        (("artikel",), CG.NewsArticle),
        (("rapport", "onderzoek"), CG.Report),
        (("advies",), CG.Advice),
        (("brief",), CG.Letter),
    ):
        if any(word in lowered for word in words):
            return kind
    return CG.PolicyDocument


# --- organisations and initiatives named in the text ------------------------------------------------


class _Known:
    """The graph's actors, initiatives and documents by their labels and abbreviations."""

    def __init__(self, graph: Graph) -> None:
        self.labels: list[tuple[str, URIRef, str, bool]] = []  # text, node, sheet, abbreviation?
        self.preferred: dict[URIRef, str] = {}
        self.types: dict[URIRef, tuple[URIRef, ...]] = {}
        sheets = mapping()
        for node in set(graph.subjects(RDF.type, None)):
            found = sheets.sheet_of(str(node)) if isinstance(node, URIRef) else None
            if found is None or found[0].name not in CANDIDATE_SHEETS:
                continue
            self.types[node] = tuple(sorted(graph.objects(node, RDF.type)))
            for label in graph.objects(node, SKOS.prefLabel):
                if label.language in (None, "nl") and len(str(label)) > 3:
                    self.labels.append((str(label), node, found[0].name, False))
                    self.preferred[node] = str(label)
            for label in graph.objects(node, SKOS.altLabel):
                self.labels.append((str(label), node, found[0].name, True))
        self.by_text = {fold(text): (node, sheet) for text, node, sheet, _ in self.labels}
        self.by_address = {str(o): node for node in self.types for o in graph.objects(node, OWL.sameAs)}

    def find(self, text: str) -> tuple[URIRef, str] | None:
        return self.by_text.get(fold(text))


def _organisations(passages: list[NumberedPassage], known: _Known) -> Iterator[Candidate]:
    others = set(_initiative_abbreviations(passages))
    for passage in passages:
        text = passage.passage.text
        yield from _known_names(passage, known)
        yield from _tooi(passage, text)
        for start, end, phrase in _phrases(text):
            if _classify(phrase) == "actors":
                yield Candidate(
                    "actors",
                    phrase,
                    "name with an organisation word",
                    passage,
                    text[start:end],
                    (CG.Organisation,),
                )
        yield from _abbreviations(passage, text, others)
        yield from _listed(passage, text)
        yield from _agents(passage, text)


def _agents(passage: NumberedPassage, text: str) -> Iterator[Candidate]:
    """Who did something: "Onderzoek door Stratix"."""
    for match in re.finditer(r"\bdoor ([A-Z][\w-]+(?: [A-Z][\w-]+)*)", text):
        name = match.group(1)
        if name.lower() not in _FUNCTION_WORDS and not name.isupper() and _classify(name) is None:
            yield Candidate("actors", name, "agent (door …)", passage, match.group(0), (CG.Organisation,))


@functools.cache
def _name(name: str, ignore_case: bool) -> re.Pattern:
    """A name as a whole word (or words) of a text."""
    return re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", re.IGNORECASE if ignore_case else 0)


def _find(name: str, text: str, lowered: str, ignore_case: bool) -> re.Match | None:
    # a substring test first: most names are in no passage, and it is a hundred times faster
    if (name.lower() not in lowered) if ignore_case else (name not in text):
        return None
    return _name(name, ignore_case).search(text)


def _known_names(passage: NumberedPassage, known: _Known) -> Iterator[Candidate]:
    text = passage.passage.text
    lowered = text.lower()
    for label, node, sheet, abbreviation in known.labels:
        match = _find(label, text, lowered, not abbreviation)
        if match:
            yield Candidate(
                sheet,
                label,
                "graph abbreviation" if abbreviation else "graph label",
                passage,
                match.group(0),
                (),
                id=str(node).removeprefix(str(ID)).split("/", 1)[1],
                known=True,
            )


def _tooi(passage: NumberedPassage, text: str) -> Iterator[Candidate]:
    lowered = text.lower()
    for organisation in organisations():
        ministry = organisation.kind == "ministerie"
        names = [(organisation.short_name if ministry else organisation.name, "TOOI name")]
        if len(organisation.abbreviation) >= 3:
            names.append((organisation.abbreviation, "TOOI abbreviation"))
        for name, how in names:
            match = _find(name, text, lowered, how == "TOOI name")
            if match is None or (ministry and how == "TOOI name" and not _after_ministry_word(text, match)):
                continue
            label = organisation.name[0].upper() + organisation.name[1:]
            yield Candidate(
                "actors",
                label,
                how,
                passage,
                match.group(0),
                (CG.PublicOrganisation,),
                id=organisation.abbreviation.lower() if ministry else slugify(organisation.name),
                cells={"same as": organisation.iri},
                abbreviations={organisation.abbreviation} if organisation.abbreviation else set(),
            )
            break


def _after_ministry_word(text: str, match: re.Match) -> bool:
    """A ministry's name stands after "ministerie van" or "minister van" (who heads it)."""
    return bool(re.search(r"minister(?:ie|s|ies)? van\s+(?:de\s+)?$", text[: match.start()], re.IGNORECASE))


def _is_abbreviation(token: str) -> bool:
    return (
        bool(_ABBREVIATION.fullmatch(token)) and 2 <= len(token) <= 7 and token not in _GENERIC_ABBREVIATIONS
    )


def _abbreviations(passage: NumberedPassage, text: str, others: set[str]) -> Iterator[Candidate]:
    """Abbreviations (IPO, UvW) as organisations, unless ``others`` (initiatives' abbreviations)
    has them, a name word follows (ELSA labs) or they are part of an address (2500 EA DEN HAAG)."""
    words = list(_WORD.finditer(text))
    for index, word in enumerate(words):
        token = word.group(0)
        if not _is_abbreviation(token) or token in others:
            continue
        neighbours = [words[i] for i in (index - 1, index + 1) if 0 <= i < len(words)]
        if any(
            _adjacent(text, *sorted((word, n), key=lambda m: m.start()))
            and (n.group(0).isupper() or n.group(0).isdigit())
            for n in neighbours
        ):
            continue
        following = words[index + 1].group(0).lower() if index + 1 < len(words) else ""
        if following.endswith(INITIATIVE_WORDS):
            continue  # ELSA labs, ICAI labs: the name of an initiative
        how = "abbreviation in parentheses" if text[: word.start()].endswith("(") else "abbreviation"
        yield Candidate("actors", token, how, passage, token, (CG.Organisation,), abbreviations={token})


def _initiative_abbreviations(passages: list[NumberedPassage]) -> dict[str, tuple[str, str]]:
    """Abbreviations written after an initiative's name: Basis Data Infrastructuur (BDI)."""
    found = {}
    for passage in passages:
        for start, end, phrase in _phrases(passage.passage.text):
            after = re.match(r" \(([A-Za-z]{2,7})\)", passage.passage.text[end:])
            if after and _is_abbreviation(after.group(1)) and _classify(phrase) == "initiatives":
                found[after.group(1)] = (phrase, passage.passage.text[start : end + after.end()])
    return found


def _listed(passage: NumberedPassage, text: str) -> Iterator[Candidate]:
    """Names in an enumeration of organisations: "…, Kadaster, Geonovum en de overige partijen"."""
    item = r"(?:[A-Z][\w-]*(?: (?:van|voor)(?: de| het)? [A-Z][\w-]*| [A-Z][\w-]*)*|[a-z]+ \([A-Za-z]+\))"
    for enumeration in re.finditer(rf"(?:{item}, ){{2,}}{item}(?: en {item})?", text):
        items = re.split(r", | en ", enumeration.group(0))
        organisations_named = sum(
            1
            for i in items
            if _is_abbreviation(i) or re.fullmatch(r"[a-z]+ \(\w+\)", i) or _classify(i) == "actors"
        )
        if organisations_named < 2:
            continue
        for item in items:
            if re.fullmatch(r"[A-Z][a-z][\w-]+", item) and item.lower() not in _FUNCTION_WORDS:
                yield Candidate(
                    "actors", item, "listed with organisations", passage, item, (CG.Organisation,)
                )


def _initiatives(passages: list[NumberedPassage], known: _Known) -> Iterator[Candidate]:
    abbreviations = {
        phrase: abbreviation for abbreviation, (phrase, _) in _initiative_abbreviations(passages).items()
    }
    for passage in passages:
        text = passage.passage.text
        addresses = [url.span() for url in _URL.finditer(text)]
        for start, end, phrase in _phrases(text):
            if _classify(phrase) == "initiatives" and not any(a <= start < b for a, b in addresses):
                yield Candidate(
                    "initiatives",
                    phrase,
                    "name with an initiative word",
                    passage,
                    text[start:end],
                    (CG.Initiative,),
                    abbreviations={abbreviations[phrase]} if phrase in abbreviations else set(),
                )
        yield from _marked(passage, text)


def _marked(passage: NumberedPassage, text: str) -> Iterator[Candidate]:
    """Names in quotes or italics: 'twin transition', *Green Deal*, implementatiekader 'Verantwoorde …'."""
    footnote = passage.passage.kind == "footnote"
    for pattern, how in ((_QUOTED, "in quotes"), (_ITALIC, "in italics")):
        for match in pattern.finditer(text):
            phrase = match.group(1).strip()
            before = text[: match.start()].split()[-1:]
            if before and before[0].lower().endswith(INITIATIVE_WORDS) and how == "in quotes":
                label = f"{before[0]} {match.group(0)}"
                yield Candidate(
                    "initiatives",
                    label[0].upper() + label[1:],
                    "in quotes after an initiative word",
                    passage,
                    text[match.start() - len(before[0]) - 1 : match.end()],
                    (CG.Initiative,),
                )
                continue
            if (footnote and how == "in quotes") or (before and before[0].lower() in _NAMED_BEFORE):
                continue  # a footnote's quotes are titles; coalitie 'AI in actie' names a coalition
            if (
                phrase.split()[0].lower() in _FUNCTION_WORDS
                or (how == "in italics" and not phrase[0].isupper())
                or (len(phrase.split()) < 2 and not phrase[0].isupper())
            ):
                continue  # italics for emphasis and for English words
            kind = "actors" if _is_abbreviation(phrase) else _classify(phrase) or "initiatives"
            yield Candidate(
                kind,
                phrase,
                how,
                passage,
                match.group(0),
                (CG.Organisation,) if kind == "actors" else (CG.Initiative,),
            )


def _phrases(text: str) -> Iterator[tuple[int, int, str]]:
    """Runs of capitalised words (with van, de, en… between them), with a lower-case name word
    right after them (ELSA labs, Comenius programma); and compound words that end in a name word
    (algoritmeregister, geodatafundament)."""
    words = list(_WORD.finditer(text))
    index = 0
    while index < len(words):
        word = words[index]
        if not _is_name(word.group(0)) or word.group(0).lower() in _FUNCTION_WORDS:
            if _is_compound_name(word.group(0)):
                yield word.start(), word.end(), word.group(0)
            index += 1
            continue
        last = index
        probe = index + 1
        while probe < len(words) and _adjacent(text, words[probe - 1], words[probe]):
            token = words[probe].group(0)
            lowered = token.lower()
            if _is_name(token):
                last = probe
            elif lowered.endswith(INITIATIVE_WORDS) and last == probe - 1:
                last = probe  # ELSA labs, Comenius programma
                break
            elif not (
                lowered in _CONNECTORS
                or (lowered in _ARTICLES and words[probe - 1].group(0).lower() in _CONNECTORS)
            ):
                break
            probe += 1
        start, end = words[index].start(), words[last].end()
        yield start, end, text[start:end]
        index = last + 1


def _is_name(token: str) -> bool:
    return token[0].isupper() or (token[0].isdigit() and len(token) == 4)


def _is_compound_name(token: str) -> bool:
    lowered = token.lower().removesuffix("'s").removesuffix("’s")
    return any(
        lowered.endswith(word) and len(lowered) >= len(word) + 4 for word in INITIATIVE_WORDS
    ) and not lowered.endswith("impact")


def _adjacent(text: str, left: re.Match, right: re.Match) -> bool:
    return text[left.end() : right.start()] == " "


def _classify(phrase: str) -> str | None:
    """actors or initiatives, by the words the phrase is made of; None when neither."""
    words = [w.lower().removesuffix("'s").removesuffix("’s") for w in _WORD.findall(phrase)]
    if len(words) == 1 and words[0] in ORGANISATION_WORDS + INITIATIVE_WORDS and words[0] != "kadaster":
        return None  # "Kamer", "Raad", "Programma" alone name nothing in particular
    if any(w.endswith(ORGANISATION_WORDS) for w in words):
        return "actors"
    if any(w.endswith(INITIATIVE_WORDS) for w in words):
        return "initiatives"
    return None


def _is_initiative_name(words: list[str]) -> bool:
    return bool(words) and words[0].lower().endswith(INITIATIVE_WORDS)


# --- one row per thing -------------------------------------------------------------------------------


def _merged(found: list[Candidate], known: _Known) -> list[Candidate]:
    """One candidate per thing and sheet: the first place it was found, the best way it was
    found (the graph, then official identifiers, then TOOI, then the rest)."""
    rank = {
        "graph label": 0,
        "graph abbreviation": 0,
        "footnote: Kamerstuk citation": 1,
        "footnote: Staatscourant citation": 1,
        "TOOI name": 2,
        "TOOI abbreviation": 2,
    }
    chosen: dict[tuple[str, str], Candidate] = {}
    aliases: dict[tuple[str, str], tuple[str, str]] = {}
    for candidate in found:
        kind = mapping().sheet(candidate.sheet).iri.text.split("/")[0]
        match = known.find(candidate.label) if not candidate.known else None
        same = known.by_address.get(candidate.cells.get("same as", ""))
        if match is not None and match[1] == candidate.sheet:
            candidate.id, candidate.known = str(match[0]).removeprefix(str(ID)).split("/", 1)[1], True
        elif same is not None or (candidate.id and ID[f"{kind}/{candidate.id}"] in known.types):
            candidate.id = str(same or ID[f"{kind}/{candidate.id}"]).rsplit("/", 1)[1]
            candidate.known = True
        if candidate.known:
            node = ID[f"{kind}/{candidate.id}"]
            candidate.label = known.preferred.get(node, candidate.label)
            candidate.types = known.types.get(node, candidate.types)
        if not candidate.id:
            candidate.id = slugify(candidate.label)[:80]
        keys = [
            (candidate.sheet, candidate.id),
            (candidate.sheet, fold(candidate.label)),
            *((candidate.sheet, fold(a)) for a in candidate.abbreviations),
        ]
        key = next((aliases[k] for k in keys if k in aliases), keys[0])
        current = chosen.get(key)
        if current is None or rank.get(candidate.found_by, 9) < rank.get(current.found_by, 9):
            if current is not None:
                candidate.abbreviations |= current.abbreviations
            chosen[key] = candidate
        else:
            current.abbreviations |= candidate.abbreviations
        for alias in keys:
            aliases.setdefault(alias, key)
    for candidate in chosen.values():
        candidate.abbreviations.discard(candidate.label)
    return list(chosen.values())
