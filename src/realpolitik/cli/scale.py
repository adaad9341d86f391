"""Commands for throughput and scale: spark-extract, load, watch, feed.

Each is a thin skin over `realpolitik.scale`. Nothing goes to stdout: these commands write
into stores and folders; progress and the closing summary go to stderr.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from realpolitik.api import IngestReport
from realpolitik.cli.app import (
    Actors,
    DateOpt,
    Db,
    Model,
    _check_date,
    _fail,
    _files,
    _finish_ingest,
    err,
)
from realpolitik.nlp import DEFAULT_MODEL
from realpolitik.scale.spark import DEFAULT_MASTER, DOCS_PER_BUCKET
from realpolitik.store import StoreError

StatePath = Annotated[
    Path | None,
    typer.Option(
        "--state",
        help="State record of what is done (default: next to a SQLite store, else in the "
        "working directory).",
    ),
]
Once = Annotated[bool, typer.Option("--once", help="One pass, then exit.")]


@contextmanager
def _bar(description: str, total: int | None = None) -> Iterator[Callable[[str, str], None]]:
    """A progress bar on stderr; yields the callback the scale functions report through."""
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               MofNCompleteColumn(), TimeElapsedColumn()]  # fmt: skip
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(description, total=total)

        def progress(item: str, outcome: str) -> None:
            counted = outcome in ("stored", "unchanged", "failed")
            bar.update(task, advance=1 if counted else 0, description=f"{outcome}: {item}")

        yield progress


def spark_extract(
    input_path: Annotated[
        str, typer.Argument(metavar="INPUT", help="JSONL or Parquet of id,text,date,url,title.")
    ],
    output: Annotated[
        str, typer.Argument(metavar="OUTPUT", help="Folder to write Parquet datasets into.")
    ],
    date: DateOpt = None,
    partitions: Annotated[
        int | None, typer.Option(min=1, help="Spark partitions (default: the cores).")
    ] = None,
    input_format: Annotated[
        str, typer.Option("--input-format", help="auto, jsonl or parquet.")
    ] = "auto",
    master: Annotated[
        str, typer.Option(help="Spark master URL.", envvar="REALPOLITIK_SPARK_MASTER")
    ] = DEFAULT_MASTER,
    overwrite: Annotated[bool, typer.Option(help="Replace what OUTPUT holds.")] = False,
    bucket_size: Annotated[
        int, typer.Option(min=1, help="Documents per output bucket; load holds one in memory.")
    ] = DOCS_PER_BUCKET,
    actors: Actors = None,
    model: Model = DEFAULT_MODEL,
) -> None:
    """Code a large corpus on Spark; writes Parquet documents/, events/, mentions/, errors/.

    Example: realpolitik spark-extract articles.jsonl out/ --partitions 8
    """
    from realpolitik.scale.spark import SparkExtractError, spark_extract

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=err, transient=True) as bar:  # fmt: skip
        bar.add_task(f"coding {input_path} on Spark ({master})", total=None)
        try:
            report = spark_extract(
                input_path, output, date=_check_date(date), partitions=partitions,
                input_format=input_format, overwrite=overwrite, master=master, model=model,
                actor_files=_files(actors), docs_per_bucket=bucket_size,
            )  # fmt: skip
        except SparkExtractError as exc:
            raise _fail(str(exc), 2) from exc
    for failure in report.failures:
        err.print(f"error: {failure}", markup=False)
    err.print(
        f"{report.documents} documents, {report.events} events, {report.mentions} mentions "
        f"written to {report.output} ({report.buckets} bucket{'s' * (report.buckets != 1)}); "
        f"{report.failed} failed",
        markup=False,
    )
    if not report.ok:
        raise typer.Exit(1)


def load(
    output: Annotated[
        Path, typer.Argument(metavar="OUTPUT", help="Output folder of spark-extract.")
    ],
    db: Db = "sqlite:///realpolitik.db",
    actors: Actors = None,
) -> None:
    """Store the Parquet output of spark-extract; loading twice changes nothing.

    Example: realpolitik load out/ --db sqlite:///corpus.db
    """
    from realpolitik.scale.load import LoadError, count_documents, load

    try:
        total = count_documents(output) if (output / "documents").is_dir() else None
        with _bar("loading", total) as progress:
            report = load(output, db, actor_files=_files(actors), progress=progress)
    except (LoadError, StoreError) as exc:
        raise _fail(str(exc), 2) from exc
    _finish_ingest(report)


def watch(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="Folder to keep the store current with.")
    ],
    db: Db = "sqlite:///realpolitik.db",
    interval: Annotated[float, typer.Option(min=0.1, help="Seconds between passes.")] = 5.0,
    settle: Annotated[
        float, typer.Option(min=0, help="Seconds a file must stay unchanged before it is read.")
    ] = 2.0,
    once: Once = False,
    state: StatePath = None,
    date: DateOpt = None,
    actors: Actors = None,
    model: Model = DEFAULT_MODEL,
) -> None:
    """Keep a store current with a folder: code each article file once it stops changing.

    Safe to kill and restart: nothing is lost or stored twice.
    Example: realpolitik watch inbox/ --db sqlite:///live.db --interval 10
    """
    from realpolitik.scale.state import StateError
    from realpolitik.scale.watch import watch

    report = IngestReport()
    try:
        with _bar(f"watching {directory}") as progress:
            watch(
                directory, db, interval=interval, once=once, settle=settle, state_path=state,
                date=_check_date(date), model=model, actor_files=_files(actors),
                progress=progress, report=report,
            )  # fmt: skip
    except (NotADirectoryError, StateError, StoreError) as exc:
        raise _fail(str(exc), 2) from exc
    except KeyboardInterrupt:
        err.print("stopped", markup=False)
    _finish_ingest(report)


def feed(
    urls: Annotated[list[str], typer.Argument(metavar="URL", help="RSS or Atom feed URLs.")],
    db: Db = "sqlite:///realpolitik.db",
    interval: Annotated[float, typer.Option(min=1, help="Seconds between polls.")] = 300.0,
    once: Once = False,
    state: StatePath = None,
    timeout: Annotated[float, typer.Option(min=1, help="Seconds per HTTP request.")] = 20.0,
    actors: Actors = None,
    model: Model = DEFAULT_MODEL,
) -> None:
    """Keep a store current with news feeds: fetch and code each new entry's article.

    Safe to kill and restart: nothing is lost or stored twice.
    Example: realpolitik feed https://example.org/world/rss.xml --db sqlite:///live.db --once
    """
    from realpolitik.scale.feed import feed
    from realpolitik.scale.state import StateError

    report = IngestReport()
    try:
        with _bar("polling feeds") as progress:
            feed(
                urls, db, interval=interval, once=once, state_path=state, timeout=timeout,
                model=model, actor_files=_files(actors), progress=progress, report=report,
            )  # fmt: skip
    except (StateError, StoreError) as exc:
        raise _fail(str(exc), 2) from exc
    except KeyboardInterrupt:
        err.print("stopped", markup=False)
    _finish_ingest(report)


def register(app: typer.Typer) -> None:
    """Add the scale commands to the `realpolitik` app."""
    app.command("spark-extract")(spark_extract)
    app.command("load")(load)
    app.command("watch")(watch)
    app.command("feed")(feed)
