"""Command definitions. Each command parses options, calls `realpolitik.api`, prints.

Contract output (JSON Lines) goes to stdout and nothing else does; progress, warnings and
errors go to stderr, each error on one line that names the file and says the fix.
"""

from __future__ import annotations

import importlib
import json
import logging
import sys
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from realpolitik import api
from realpolitik.cli import render
from realpolitik.ingest import IngestError, normalise_date
from realpolitik.nlp import DEFAULT_MODEL
from realpolitik.store import StoreError

app = typer.Typer(
    help="Read international-politics articles; code actors, events and relations; query them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DB_HELP = "Store URL: sqlite:///file.db (default) or postgresql+psycopg://user@host/db, or a path."
Db = Annotated[str, typer.Option("--db", help=DB_HELP, envvar="REALPOLITIK_DB")]
DateOpt = Annotated[str | None, typer.Option("--date", help="Publication date, YYYY-MM-DD.")]
Actors = Annotated[
    list[Path] | None,
    typer.Option(
        "--actors", help="Your own actor YAML file(s), extending the built-in base.", exists=True
    ),
]
Model = Annotated[
    str, typer.Option("--model", help="spaCy model name.", envvar="REALPOLITIK_SPACY_MODEL")
]
Format = Annotated[
    str, typer.Option("--format", help="table (default on a terminal) or jsonl (the contract).")
]


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/] {message}", markup=True)
    return typer.Exit(code)


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    normal = normalise_date(value)
    if normal is None:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY")
    return normal


def _files(actors: list[Path] | None) -> tuple[str, ...]:
    return tuple(str(p) for p in actors or [])


def _jsonl(rows: Any) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


def _wants_table(fmt: str) -> bool:
    if fmt not in ("auto", "table", "jsonl"):
        raise typer.BadParameter(f"unknown format {fmt!r}; use table or jsonl")
    return fmt == "table" or (fmt == "auto" and sys.stdout.isatty())


@app.command()
def ingest(
    paths: Annotated[
        list[str], typer.Argument(help="Files or folders (text, HTML, JSONL); - for stdin.")
    ],
    db: Db = "sqlite:///realpolitik.db",
    date: DateOpt = None,
    workers: Annotated[int, typer.Option(min=1, help="Parser processes.")] = 1,
    actors: Actors = None,
    model: Model = DEFAULT_MODEL,
) -> None:
    """Code articles and store them; re-ingesting the same text changes nothing.

    Example: realpolitik ingest samples/corpus --db sqlite:///demo.db
    """
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("ingesting", total=None)

        def progress(item: str, outcome: str) -> None:
            bar.update(task, advance=1, description=f"{outcome}: {item}")

        try:
            report = api.ingest(
                paths,
                db,
                date=_check_date(date),
                workers=workers,
                model=model,
                actor_files=_files(actors),
                progress=progress,
            )
        except StoreError as exc:
            raise _fail(str(exc), 2) from exc
    _finish_ingest(report)


def _finish_ingest(report: api.IngestReport) -> None:
    """Each failure, then one summary line on stderr; exit 1 when anything failed."""
    for failure in report.failures:
        err.print(f"error: {failure}", markup=False)
    err.print(
        f"{report.stored} stored, {report.unchanged} unchanged, {len(report.failures)} failed; "
        f"{report.events} events",
        markup=False,
    )
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def extract(
    paths: Annotated[
        list[str], typer.Argument(help="Files or folders (text, HTML, JSONL); - for stdin.")
    ],
    date: DateOpt = None,
    actors: Actors = None,
    model: Model = DEFAULT_MODEL,
) -> None:
    """Code articles without a store: one event per line (contract JSON Lines).

    Example: realpolitik extract article.txt --date 2024-03-20
    """
    failed = False
    for item in api.extract(paths, date=_check_date(date), model=model, actor_files=_files(actors)):
        if isinstance(item, IngestError):
            failed = True
            err.print(f"error: {item}", markup=False)
        else:
            _jsonl([item.to_contract()])
    if failed:
        raise typer.Exit(1)


def _read_jsonl(path: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Records of an input JSONL file; a bad line is a one-line error naming file and line."""
    handle = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    with handle:
        for n, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise _fail(f"{path}:{n}: not valid JSON ({exc.msg}); one object per line") from exc
            missing = [k for k in required if not isinstance(record, dict) or k not in record]
            if missing:
                raise _fail(
                    f"{path}:{n}: missing {', '.join(missing)}; each line needs "
                    f"{', '.join(required)}"
                )
            yield n, record


InputFile = Annotated[str, typer.Option("--input", "-i", help="JSON Lines file, or - for stdin.")]


@app.command()
def classify(input: InputFile) -> None:
    """Event type for marked source/target pairs: {"id","sentence","source","target"} per line.

    Example: realpolitik classify --input pairs.jsonl  (or --input - to read stdin)
    """
    _exists(input)
    records = (rec for _n, rec in _read_jsonl(input, ("id", "sentence", "source", "target")))
    while chunk := list(islice(records, 512)):
        results = api.classify_many([(r["sentence"], r["source"], r["target"]) for r in chunk])
        _jsonl([c.to_contract(str(r["id"])) for r, c in zip(chunk, results, strict=True)])


@app.command()
def resolve(
    name: Annotated[str | None, typer.Argument(help="One name to resolve.")] = None,
    input: Annotated[
        str | None, typer.Option("--input", "-i", help="JSONL of {id,text,context?,date?}.")
    ] = None,
    context: Annotated[str | None, typer.Option(help="The sentence the name appears in.")] = None,
    date: DateOpt = None,
    actors: Actors = None,
) -> None:
    """Actor text to entity (contract); country and sector null when nothing fits.

    Example: realpolitik resolve "the Omani foreign minister" --date 2024-01-10
    """
    files = _files(actors)
    if name is None and input is None:
        raise _fail("give a NAME or --input names.jsonl", 2)
    if name is not None:
        _jsonl([{"id": name, **api.resolve(name, context, _check_date(date), files)}])
        return
    assert input is not None
    _exists(input)
    for _n, rec in _read_jsonl(input, ("id", "text")):
        found = api.resolve(rec["text"], rec.get("context"), _check_date(rec.get("date")), files)
        _jsonl([{"id": rec["id"], **found}])


def _exists(path: str) -> None:
    if path != "-" and not Path(path).is_file():
        raise _fail(f"{path}: no such file; check the path", 2)


def _store_call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except StoreError as exc:
        raise _fail(str(exc), 2) from exc


@app.command()
def events(
    db: Db = "sqlite:///realpolitik.db",
    actor: Annotated[str | None, typer.Option(help="Actor id or country code, e.g. IRN.")] = None,
    since: Annotated[
        str | None, typer.Option(help="From this date (YYYY, YYYY-MM, YYYY-MM-DD).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date, inclusive.")] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="PLOVER type, e.g. ASSAULT.")
    ] = None,
    quad: Annotated[int | None, typer.Option(min=1, max=4, help="Quad class 1-4.")] = None,
    modality: Annotated[
        str | None, typer.Option(help="asserted, negated, hypothetical or future.")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
    grouped: Annotated[
        bool, typer.Option("--grouped", help="One line per reported happening (JSON).")
    ] = False,
    fmt: Format = "auto",
) -> None:
    """Stored events, filtered; --grouped folds the reports of one happening together.

    Example: realpolitik events --db sqlite:///demo.db --actor IRN --since 2024-01
    """
    if grouped:
        groups = _store_call(
            api.event_groups, db, actor=actor, since=_check_date(since),
            until=_check_date(until), event_type=event_type.upper() if event_type else None,
            quad=quad, modality=modality, limit=limit,
        )  # fmt: skip
        _jsonl(groups)
        return
    found = _store_call(
        api.events,
        db,
        actor=actor,
        since=_check_date(since),
        until=_check_date(until),
        event_type=event_type.upper() if event_type else None,
        quad=quad,
        modality=modality,
        limit=limit,
    )
    if _wants_table(fmt):
        render.events_table(found)
    else:
        _jsonl(e.to_contract() for e in found)


@app.command()
def relations(
    db: Db = "sqlite:///realpolitik.db",
    kind: Annotated[
        str | None, typer.Option(help="cooperation, conflict, mediation, patronage, ...")
    ] = None,
    actor: Annotated[
        str | None, typer.Option(help="Only relations of this actor id or country.")
    ] = None,
    fmt: Format = "auto",
) -> None:
    """Relations per actor pair, one per line (contract) or as a table.

    Example: realpolitik relations --db sqlite:///demo.db --kind mediation
    """
    found = _store_call(api.relations, db, kind=kind, actor=actor)
    if _wants_table(fmt):
        render.relations_table(found)
    else:
        _jsonl(found)


@app.command()
def dyad(
    a: Annotated[str, typer.Argument(help="Actor id or country code.")],
    b: Annotated[str, typer.Argument(help="Actor id or country code.")],
    db: Db = "sqlite:///realpolitik.db",
    fmt: Format = "auto",
) -> None:
    """The events and the cooperation/conflict score between two actors over time.

    Example: realpolitik dyad IRN USA --db sqlite:///demo.db
    """
    result = _store_call(api.dyad, db, a, b)
    if _wants_table(fmt):
        render.dyad_view(result)
    else:
        _jsonl(e.to_contract() for e in result.events)


@app.command()
def actors(
    db: Db = "sqlite:///realpolitik.db",
    unknown: Annotated[
        bool, typer.Option("--unknown", help="Names no entry resolved, to add.")
    ] = False,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 50,
    fmt: Format = "auto",
) -> None:
    """Actors in the store with their mention and event counts, or the unresolved names.

    Example: realpolitik actors --db sqlite:///demo.db --unknown
    """
    from realpolitik.store import Store

    with _store_call(Store.from_url, db) as store:
        rows = store.unknown_actors(limit) if unknown else store.actors()[:limit]
    if _wants_table(fmt):
        render.rows_table(rows, "Unresolved names" if unknown else "Actors")
    else:
        _jsonl(rows)


@app.command()
def export(
    db: Db = "sqlite:///realpolitik.db",
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="plover-jsonl, csv, parquet, polecat-tsv, gdelt-events, gdelt-mentions, icews-tsv",
        ),
    ] = "plover-jsonl",
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")] = Path(
        "events.jsonl"
    ),
) -> None:
    """Write all stored events as PLOVER JSON Lines, CSV, Parquet, or POLECAT/GDELT/ICEWS tables.

    Example: realpolitik export --db sqlite:///demo.db --format csv -o events.csv
    """
    try:
        count = _store_call(api.export, db, fmt, output)
    except (ValueError, OSError) as exc:
        raise _fail(f"{output}: {exc}", 2) from exc
    err.print(f"{count} events written to {output}", markup=False)


@app.command()
def summary(db: Db = "sqlite:///realpolitik.db") -> None:
    """What a store holds: actors found, strongest relations, mediators and proxies, with evidence.

    Example: realpolitik summary --db sqlite:///demo.db
    """
    render.summary_view(_store_call(api.summary, db))


@app.command()
def upgrade(
    db: Db = "sqlite:///realpolitik.db",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List the steps only.")] = False,
) -> None:
    """Upgrade a store written by an older realpolitik (opening it for writing does too).

    Example: realpolitik upgrade --db sqlite:///demo.db --dry-run
    """
    steps = _store_call(api.upgrade, db, dry_run=dry_run)
    for step in steps:
        typer.echo(step)
    if not steps:
        err.print("the store is up to date", markup=False)


# Command groups that live in modules of their own; each module's `register(app)` adds its
# commands. Listed here so `realpolitik --help` shows them all.
COMMAND_MODULES: tuple[str, ...] = (
    "realpolitik.cli.serve",
    "realpolitik.cli.scale",
    "realpolitik.cli.analysis",
)
for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(app)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="warning: %(message)s", stream=sys.stderr)
    app()
