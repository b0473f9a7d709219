"""The Typer application: global options and the commands."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from coalitiegraaf import __version__
from coalitiegraaf.cli.options import (
    ANALYSES,
    RDF_ALIASES,
    RDF_FORMAT_HELP,
    RDF_FORMATS,
    DataFiles,
    Excel,
    Lang,
    choice,
    completed,
)
from coalitiegraaf.cli.output import echo, note, progress_bar, reports_errors, spinner, write
from coalitiegraaf.cli.words import LocalisedGroup, run_language
from coalitiegraaf.messages import say


class GlobalOptionsAnywhere(LocalisedGroup):
    """The command group whose own options (--store, --endpoint, …) may also follow the
    command, as people type them: ``coalitiegraaf stats --store memory``. Before parsing, they
    are moved in front of the command; no command has an option of the same name (a test
    checks), so each means the same wherever it stands. After ``--`` nothing is moved."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoisted(args, self._global_options()))

    def _global_options(self) -> dict[str, bool]:
        """The group's options that set something (not --help, --version, nor an option the
        group only reads without keeping): name → takes a value."""
        found = {}
        for param in self.params:
            if param.param_type_name == "option" and not param.is_eager and param.expose_value:
                for name in (*param.opts, *param.secondary_opts):
                    found[name] = not param.is_flag
        return found


def hoisted(args: list[str], options: dict[str, bool]) -> list[str]:
    """``args`` with the ``options`` (name → takes a value) and their values first, in the
    order given, and everything else after them in its order."""
    front: list[str] = []
    rest: list[str] = []
    position = 0
    while position < len(args):
        argument = args[position]
        if argument == "--":
            rest.extend(args[position:])
            break
        name = argument.split("=", 1)[0]
        if name in options:
            takes_value = options[name] and "=" not in argument
            front.extend(args[position:position + 1 + takes_value])
            position += 1 + takes_value
            continue
        rest.append(argument)
        position += 1
    return front + rest


# help texts are said in the run's language from messages.yaml (cli/words.py); the ones here
# are the English a reader of the code sees
app = typer.Typer(
    name="coalitiegraaf",
    cls=GlobalOptionsAnywhere,
    help="The knowledge graph of the Dutch agenda 'Coalities voor de digitale samenleving': "
         "validate, query, analyse, build and export it.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_show_locals=False,  # a traceback (COALITIEGRAAF_DEBUG=1) never shows a secret
)


@dataclass(frozen=True)
class Settings:
    """The global options, passed to every command through the Typer context."""

    store: str = "oxigraph"
    base: str | None = None
    endpoint: str | None = None
    max_file_mb: float = 512
    shipped: bool = True
    allow_pipes: bool = False

    def max_file_bytes(self) -> int:
        from coalitiegraaf.limits import whole_number

        return whole_number(self.max_file_mb * 1024 * 1024, "--max-file-mb")


def _version(value: bool) -> None:
    if value:
        echo(f"coalitiegraaf {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    store: Annotated[str, choice("--store", choices=("oxigraph", "memory"),
                                 help="Where the data lives while a command runs: oxigraph (fast) "
                                      "or memory (rdflib, the reference).")] = "oxigraph",
    base: Annotated[str | None, typer.Option(metavar="IRI", help="Base IRI for relative IRIs in --data "
                                                  "files; without it, relative IRIs are refused.")] = None,
    endpoint: Annotated[str | None, typer.Option(metavar="URL", help="Work on the data of this SPARQL 1.1 "
                                                      "endpoint instead of the shipped files.")] = None,
    max_file_mb: Annotated[float, typer.Option(metavar="MB", help="Refuse --data files larger than this many "
                                                    "megabytes.")] = 512,
    shipped: Annotated[bool, typer.Option("--shipped/--no-shipped",
                                          help="--no-shipped leaves out the shipped graph: commands work "
                                               "on the --data files alone (a new version of the "
                                               "agenda, say).")] = True,
    allow_pipes: Annotated[bool, typer.Option(help="Also read --data and --file from pipes and "
                                                   "devices, e.g. <(command), up to the size limit; "
                                                   "without it only regular files are read.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Global options may come before or after the command: coalitiegraaf --store memory stats,
    or coalitiegraaf stats --store memory."""
    ctx.obj = Settings(store=store, base=base, endpoint=endpoint, max_file_mb=max_file_mb, shipped=shipped,
                       allow_pipes=allow_pipes)


def _load(ctx: typer.Context, data: list[Path] | None, remote: bool = True, standalone: bool = False):
    """The dataset the global options name: the endpoint's, or (``remote`` false, or no
    endpoint) the shipped graph and ``data`` in a local store; ``standalone``, ``data`` alone."""
    from coalitiegraaf.project import load

    settings: Settings = ctx.obj or Settings()
    return load(data or [], store=settings.store, base_iri=settings.base,
                endpoint=settings.endpoint if remote else None, include_shipped=settings.shipped,
                max_file_bytes=settings.max_file_bytes(), pipes=settings.allow_pipes, standalone=standalone)


@app.command()
@reports_errors
def stats(
    ctx: typer.Context,
    data: DataFiles = None,
    output_format: Annotated[str, choice("--format", choices=("text", "json"),
                                         help="Text for people, or JSON.")] = "text",
) -> None:
    """Count statements per named graph and nodes per class.

    Example: coalitiegraaf stats --format json
    """
    from coalitiegraaf.analysis.statistics import stats as count
    from coalitiegraaf.cli.render import render_stats

    result = count(_load(ctx, data))
    render_stats(result, output_format)


@app.command()
@reports_errors
def validate(
    ctx: typer.Context,
    files: Annotated[list[Path] | None, typer.Argument(
        help="Files to validate, with the shipped graph (or alone: --standalone).", metavar="FILE")] = None,
    data: DataFiles = None,
    shapes: Annotated[list[Path] | None, typer.Option("--shapes", help="Validate against the shapes in "
                                                      "this file instead of the shipped ones; "
                                                      "repeatable.", metavar="SHAPES")] = None,
    standalone: Annotated[bool, typer.Option(help="Validate exactly the files given: neither the shipped "
                                                  "graph nor its ontology is loaded.")] = False,
    output_format: Annotated[str, choice("--format", choices=("text", "json", "md", "ttl"),
                                         aliases=RDF_ALIASES,
                                         help="ttl is a W3C SHACL validation report.")] = "text",
    lang: Lang = None,
    fail_on: Annotated[str, choice("--fail-on", choices=("violation", "warning", "info"),
                                   help="Lowest severity that makes the exit code 1.")] = "violation",
    engine: Annotated[str, choice("--engine", choices=("auto", "pyshacl", "sparql"),
                                  help="sparql: the shapes compiled to SPARQL and run by the store "
                                       "(fast on large graphs); auto: pyshacl up to 50,000 "
                                       "statements and on the memory store.")] = "auto",
) -> None:
    """Check the graph against the SHACL shapes: violations, source quality, agenda gaps; or any
    files against your own shapes.

    Example: coalitiegraaf validate my-coalition.ttl --lang en --format md

    Example: coalitiegraaf validate catalogue.ttl --shapes dcat-ap-nl.ttl --standalone --format ttl
    """
    from coalitiegraaf.cli.render import render_validation
    from coalitiegraaf.validation.shapes import load_shapes
    from coalitiegraaf.validation.validator import severity
    from coalitiegraaf.validation.validator import validate as run_validation

    severity(fail_on)  # a wrong --fail-on is said before any work is done
    settings: Settings = ctx.obj or Settings()
    limit = int(settings.max_file_mb * 1024 * 1024)
    own_shapes = load_shapes(shapes, settings.base, limit) if shapes else None
    report = run_validation(_load(ctx, [*(files or []), *(data or [])], standalone=standalone),
                            lang=_language(lang), engine=engine, shapes=own_shapes)
    for remark in report.notes:
        note(say("note", run_language(), text=remark))
    render_validation(report, output_format)
    if report.fails(fail_on):
        raise typer.Exit(1)


@app.command()
@reports_errors
def export(
    ctx: typer.Context,
    data: DataFiles = None,
    output_format: Annotated[str, choice(
        "--format", choices=(*RDF_FORMATS, "graphml", "gexf", "nodes-csv", "edges-csv"), aliases=RDF_ALIASES,
        help=f"An RDF format ({RDF_FORMAT_HELP}); graphml or gexf for a network; nodes-csv or "
             "edges-csv for a spreadsheet.")] = "ttl",
    network: Annotated[str, choice("--network", choices=("actors", "dependencies"),
                                   help="For graphml and gexf: the actor-coalition network, or "
                                        "the dependencies.")] = "actors",
    out: Annotated[Path | None, typer.Option(help="File to write (atomically); standard output "
                                                  "if not given.")] = None,
    skolemise: Annotated[bool, typer.Option(help="Replace blank nodes by stable IRIs under "
                                                 "https://w3id.org/coalitiegraaf/.well-known/genid/ "
                                                 "(as push does).")] = False,
    with_shapes: Annotated[bool, typer.Option(help="For nq, trig and jsonld: add the SHACL shapes "
                                                   "as the graph …/graph/shapes.")] = False,
    excel: Excel = False,
) -> None:
    """Write the whole dataset in one RDF format, byte for byte the same for the same data,
    or a network for Gephi and Cytoscape.

    Example: coalitiegraaf export --format trig --out coalitiegraaf.trig

    Example: coalitiegraaf export --format nodes-csv --excel --out nodes.csv
    """
    from coalitiegraaf.publish.exports import export as write_file
    from coalitiegraaf.publish.exports import serialize

    dataset = _load(ctx, data)
    if out is None:
        write(serialize(dataset, output_format, with_shapes, network=network, skolemise=skolemise,
                        excel=excel))
    else:
        path = write_file(dataset, output_format, out, with_shapes, network=network, skolemise=skolemise,
                          excel=excel)
        note(say("wrote", run_language(), path=path))


@app.command()
@reports_errors
def pull(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option(help="File to write, atomically.")],
    graph: Annotated[str | None, typer.Option(help="Only this named graph (IRI).")] = None,
    output_format: Annotated[str, choice("--format", choices=RDF_FORMATS, aliases=RDF_ALIASES,
                                         help=f"The RDF format ({RDF_FORMAT_HELP}).")] = "trig",
) -> None:
    """Bring the data of a SPARQL endpoint (given with --endpoint) into a local file, e.g. to
    validate what is in a store.

    Example: coalitiegraaf --endpoint http://127.0.0.1:7878/query pull --out store.trig
    """
    from coalitiegraaf.errors import InputError
    from coalitiegraaf.publish.exports import pull as pull_to_file

    settings: Settings = ctx.obj or Settings()
    if not settings.endpoint:
        raise InputError(key="needs_endpoint", command="pull")
    path = pull_to_file(_load(ctx, None), out, output_format, graph)
    note(say("wrote", run_language(), path=path))


@app.command()
@reports_errors
def push(
    ctx: typer.Context,
    data: DataFiles = None,
    graph: Annotated[str | None, typer.Option(help="Put everything into this one graph (IRI) "
                                                   "instead of one graph per source.")] = None,
    replace: Annotated[bool, typer.Option(help="Replace the target graphs instead of adding "
                                               "to them.")] = False,
    update_endpoint: Annotated[str | None, typer.Option(help="The SPARQL Update service; guessed "
                                                             "from --endpoint if not given.")] = None,
    graph_store: Annotated[str | None, typer.Option(help="The Graph Store Protocol service; "
                                                         "guessed from --endpoint if not given.")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds each request may take in all.")] = 60.0,
) -> None:
    """Upload the dataset to a triple store (given with --endpoint), all or nothing, and check
    the triple count of every graph afterwards.

    Example: coalitiegraaf --endpoint http://127.0.0.1:7878/query push --replace
    """
    from coalitiegraaf.cli.render import render_push
    from coalitiegraaf.errors import InputError
    from coalitiegraaf.publish.push import Service
    from coalitiegraaf.publish.push import push as upload

    settings: Settings = ctx.obj or Settings()
    if not settings.endpoint:
        raise InputError(key="needs_endpoint", command="push")
    service = Service.at(settings.endpoint, update_endpoint, graph_store)
    dataset = _load(ctx, data, remote=False)
    from coalitiegraaf.store.transport import redacted

    with spinner(say("pushing", run_language(), target=redacted(service.graph_store))):
        result = upload(dataset, service, graph=graph, replace=replace, timeout=timeout)
    render_push(result)


@app.command()
@reports_errors
def serve(
    ctx: typer.Context,
    data: DataFiles = None,
    host: Annotated[str, typer.Option(help="Address to listen on; other machines can reach "
                                           "the endpoint only if you change it.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=0, max=65535)] = 7878,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run; then its work is "
                                                "stopped.")] = 30.0,
    max_rows: Annotated[int, typer.Option(help="Most rows (or triples) an answer may have.")] = 100_000,
    allow_host: Annotated[list[str] | None, typer.Option(help="Another host name clients may "
                                                              "use (repeatable).")] = None,
    cors: Annotated[list[str] | None, typer.Option(help="A web origin whose pages may query the "
                                                        "endpoint, e.g. https://yasgui.org "
                                                        "(repeatable); none by default.")] = None,
    workers: Annotated[int, typer.Option(help="Queries answered at the same time.", min=1)] = 2,
    idle_timeout: Annotated[float, typer.Option(help="Seconds a connection may take to send a "
                                                     "whole request, or wait between requests.")] = 10.0,
) -> None:
    """Serve the dataset as a read-only SPARQL 1.1 endpoint on this machine (Oxigraph answers,
    whatever --store says).

    Example: coalitiegraaf serve --port 7878
    """
    from coalitiegraaf.errors import InputError
    from coalitiegraaf.project import load
    from coalitiegraaf.publish.serve import Settings as ServeSettings
    from coalitiegraaf.publish.serve import listen, served_store
    from coalitiegraaf.publish.serve import run as run_server

    options: Settings = ctx.obj or Settings()
    if options.endpoint:
        raise InputError(key="serve_not_endpoint")
    settings = ServeSettings(host, port, timeout, max_rows, tuple(allow_host or ()), tuple(cors or ()),
                             workers, idle=idle_timeout)
    sock = listen(settings)

    def loaded(location):
        return load(data or [], base_iri=options.base, location=location,
                    max_file_bytes=options.max_file_bytes(), pipes=options.allow_pipes)

    with served_store(loaded) as (location, graph_names):
        run_server(location, graph_names, settings, sock,
                   lambda url: note(say("serving", run_language(), url=url)))


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


@app.command()
@reports_errors
def completion(
    shell: Annotated[str, typer.Argument(help="The shell: bash, zsh, fish, powershell or pwsh.",
                                         metavar="[bash|zsh|fish|powershell|pwsh]",
                                         autocompletion=completed(SHELLS))],
) -> None:
    """Print the shell's completion script for coalitiegraaf, for a shell that is named rather
    than guessed from the running processes (as --show-completion does).

    Example: coalitiegraaf completion bash > ~/.local/share/bash-completion/completions/coalitiegraaf
    """
    from typer.completion import get_completion_script

    from coalitiegraaf.errors import InputError

    if shell not in SHELLS:
        raise InputError(key="choice_unknown", value=shell, choices=", ".join(SHELLS))
    echo(get_completion_script(prog_name="coalitiegraaf", complete_var="_COALITIEGRAAF_COMPLETE",
                               shell=shell))


@app.command()
@reports_errors
def generate(
    out: Annotated[Path, typer.Option(help="File to write (.nt or .ttl), atomically.")],
    triples: Annotated[int, typer.Option(help="How many statements, at least.")] = 10_000,
    seed: Annotated[int, typer.Option(help="The same seed gives the same file.")] = 1,
) -> None:
    """Write a synthetic federation of coalitions shaped like the real graph, for benchmarks
    and scale tests (load it with --data).

    Example: coalitiegraaf generate --triples 100000 --seed 7 --out federation.nt
    """
    from coalitiegraaf.sources.generate import generate as write_federation

    result = write_federation(triples, seed, out)
    echo(say("generated", run_language(), path=result.path, triples=result.triples,
             coalitions=result.coalitions))


@app.command()
@reports_errors
def build(
    ctx: typer.Context,
    data: DataFiles = None,
    out: Annotated[Path, typer.Option(help="Folder to write the dataset into.")] = Path("dist"),
    lang: Lang = None,
    endpoint_url: Annotated[str, typer.Option(help="Where the dataset's SPARQL endpoint is served, "
                                                   "for void.ttl.")] = "http://127.0.0.1:7878/query",
) -> None:
    """Load ontology and graph, validate them, and write Turtle, N-Triples, TriG and JSON-LD.

    Nothing is written when validation finds violations (exit code 1).

    Example: coalitiegraaf build --out dist/
    """
    from coalitiegraaf.cli.render import render_build
    from coalitiegraaf.publish.build import build as run_build

    result = run_build(_load(ctx, data), out, lang=_language(lang), endpoint_url=endpoint_url)
    render_build(result)
    if not result.written:
        raise typer.Exit(1)


@app.command()
@reports_errors
def queries(
    lang: Lang = None,
    output_format: Annotated[str, choice("--format", choices=("text", "json"),
                                         help="Text for people, or JSON.")] = "text",
) -> None:
    """List the catalogue of named SPARQL queries with their parameters.

    Example: coalitiegraaf queries --lang en
    """
    from coalitiegraaf.catalogue import catalogue
    from coalitiegraaf.cli.render import render_catalogue

    render_catalogue(catalogue(), _language(lang), output_format)


@app.command()
@reports_errors
def query(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="Name of a catalogue query: coalitiegraaf queries "
                                                    "lists them (and the shell completes them).",
                                               autocompletion=_query_names)] = None,
    file: Annotated[str | None, typer.Option("--file", help="Run the query in this .rq file "
                                                            "instead; - reads standard input.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="A parameter as "
                                                    "name=value; repeatable.")] = None,
    data: DataFiles = None,
    output_format: Annotated[str, choice("--format",
                                         choices=("table", "csv", "tsv", "json", "xml", "md", "xlsx"),
                                         help="xml and json are the SPARQL results formats; xlsx a "
                                              "workbook; CONSTRUCT gives Turtle.")] = "table",
    excel: Excel = False,
    iris: Annotated[bool, typer.Option("--iris", help="Show IRIs instead of labels in tables (csv, tsv, "
                                                      "json and xml always give IRIs).")] = False,
    lang: Lang = None,
) -> None:
    """Run a named query, or your own, on the graph or on an endpoint.

    ASK queries print true or false and exit with 0 or 1.

    Example: coalitiegraaf query members --param coalition="digitale ethiek" --format md
    """
    from coalitiegraaf.catalogue import run
    from coalitiegraaf.cli.render import render_query

    named = _named_query(name, file, (ctx.obj or Settings()).allow_pipes)
    dataset = _load(ctx, data)
    values = _parameters(param or [])
    with spinner(say("running", run_language(), name=named.name)):
        result = run(dataset, named, values)
    render_query(result, output_format, _names(dataset, named, values, _language(lang)), iris,
                 excel)
    if result.form == "ask" and not result.boolean:
        raise typer.Exit(1)


@app.command()
@reports_errors
def analyse(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=f"The analysis: {', '.join(ANALYSES)}.", metavar="NAME",
                                        autocompletion=completed(ANALYSES))],
    node: Annotated[str | None, typer.Option(
        metavar="NAME", help="For impact and organisation: the node, by label or abbreviation (BDI, "
                             "EZK), with its kind if the name means several nodes "
                             "(\"Geodatafundament (infrastructuur)\"), or by IRI.")] = None,
    include: Annotated[list[str] | None, choice(
        "--include", choices=("implied", "intended"),
        help="Also use statements the letter only implies or intends (repeatable). Gaps always "
             "read every statement.")] = None,
    data: DataFiles = None,
    output_format: Annotated[str, choice("--format", choices=("table", "json", "csv", "md", "xlsx"),
                                         help="xlsx is a workbook.")] = "table",
    excel: Excel = False,
    rdf: Annotated[Path | None, typer.Option(help="Also write the findings as RDF (Turtle, "
                                                  "cg:Finding) to this file.")] = None,
    exact: Annotated[bool, typer.Option(
        "--exact", help="For brokers and centrality: compute betweenness exactly, also on networks "
                        "large enough for it to be estimated from a sample (slow).")] = False,
    lang: Lang = None,
) -> None:
    """Findings for coordinators: duplicated efforts, overlaps, gaps, what stalls if something
    stalls, and an organisation's coalitions and roles; each in one sentence with its kind, its
    strength and the letter's words.

    Without --node, impact ranks the nodes whose failure touches most.

    Example: coalitiegraaf analyse organisation --node EZK
    """
    from coalitiegraaf.analysis.findings import analyse as run_analysis
    from coalitiegraaf.analysis.findings import to_rdf
    from coalitiegraaf.cli.render import render_findings
    from coalitiegraaf.sources.files import write_atomic

    with spinner(say("analysing", run_language(), name=name)):
        findings = run_analysis(_load(ctx, data), name, node=node, lang=_language(lang),
                                include=include or (), exact=exact)
    render_findings(findings, output_format, _language(lang), excel)
    if rdf is not None:
        note(say("wrote", run_language(), path=write_atomic(rdf, to_rdf(findings, _language(lang)))))


@app.command()
@reports_errors
def report(
    ctx: typer.Context,
    data: DataFiles = None,
    out: Annotated[Path | None, typer.Option(help="Folder to write the report into (default report/, "
                                                  "report-en/ in English); replaced whole when the new "
                                                  "report is complete.")] = None,
    lang: Lang = None,
    since: Annotated[str | None, typer.Option(help="An earlier version (a source such as kst-26643-1055, "
                                                   "a named graph, a dataset file or folder): the overview "
                                                   "lists what changed since.", metavar="OLD")] = None,
    include: Annotated[list[str] | None, choice(
        "--include", choices=("implied", "intended"),
        help="Also use statements the letter only implies or intends (repeatable).")] = None,
) -> None:
    """Write the coordinator's report: an overview that leads with the strongest findings and
    the five questions of a coordinator, the analyses, the organisations and their roles, what
    stalls if something stalls, validation, a page per node, the letter paragraph by paragraph,
    and an offline network explorer.

    Example: coalitiegraaf report --lang en
    """
    from coalitiegraaf.cli.render import render_report
    from coalitiegraaf.report import STEPS, write_report

    dataset = _load(ctx, data)
    changes = None
    if since is not None:
        from coalitiegraaf.authoring.diff import compare_versions

        changes = compare_versions(since, None, dataset)
    # a report in another language goes beside the Dutch one, unless --out says otherwise
    folder = out or Path("report" if _language(lang) == "nl" else f"report-{_language(lang)}")
    with progress_bar(len(STEPS)) as advance:
        result = write_report(dataset, folder, lang=_language(lang), progress=advance, since=changes,
                              include=tuple(include or ()))
    render_report(result, _language(lang))


def _query_names(incomplete: str) -> list[str]:
    from coalitiegraaf.sources.resources import data_dir

    return sorted(p.stem for p in data_dir("queries").glob(f"{incomplete}*.rq"))
def _names(dataset, named, values: dict[str, str], lang: str):
    """Nodes to their names for a query's table; a node given as a parameter (the node
    ``describe`` describes) is left out of the names of what it takes part in."""
    from coalitiegraaf.analysis.labels import names_of
    from coalitiegraaf.catalogue import bind

    def names(nodes):
        return names_of(dataset, nodes, lang, around=bind(dataset, named, values).values())

    return names


def _named_query(name: str | None, file: str | None, pipes: bool):
    from coalitiegraaf import catalogue
    from coalitiegraaf.errors import InputError

    if (name is None) == (file is None):
        raise InputError(key="query_name_or_file")
    if name is not None:
        return catalogue.get(name)
    if file == "-":
        return catalogue.read_query_stream(sys.stdin.buffer)
    return catalogue.read_query(Path(file), pipes=pipes)


def _parameters(pairs: list[str]) -> dict[str, str]:
    from coalitiegraaf.errors import InputError

    values = {}
    for pair in pairs:
        key, separator, value = pair.partition("=")
        if not separator or not key:
            raise InputError(key="param_form", pair=pair)
        values[key.strip()] = value
    return values


def _language(lang: str | None) -> str:
    """``--lang`` of a command, checked; without it, the run's language."""
    from coalitiegraaf.analysis.labels import LANGUAGES
    from coalitiegraaf.errors import InputError

    if lang is None:
        return run_language()
    if lang not in LANGUAGES:
        raise InputError(key="lang_unknown", value=lang, choices=", ".join(LANGUAGES))
    return lang


def _register_authoring() -> None:
    from coalitiegraaf.cli.authoring import diff, intake, sheets_app

    app.add_typer(sheets_app, name="sheets")
    app.command()(intake)
    app.command()(diff)


_register_authoring()


def main() -> None:
    """The console script. SIGTERM ends it like an error would, so that unfinished output is
    cleaned up and finished output stays as it was."""
    import signal

    def terminate(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    from coalitiegraaf.report.processes import ends_with_command

    signal.signal(signal.SIGTERM, terminate)
    ends_with_command()
    app()
