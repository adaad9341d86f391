"""Analysis commands: brief, timeline, network, export-network, export-table.

A thin skin over `realpolitik.relations.{brief,timeline,network,exports}`: parse options,
call, print. Results go to stdout or to the files asked for; notes and errors to stderr.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from realpolitik.model import MODALITIES, Event, Link
from realpolitik.relations import brief as briefs
from realpolitik.relations import exports, timeline
from realpolitik.relations import network as networks
from realpolitik.store import Store, StoreError

_err = Console(stderr=True, highlight=False, soft_wrap=True)
_T = TypeVar("_T")

Db = Annotated[
    str,
    typer.Option(
        "--db",
        help="Store URL: sqlite:///file.db (default) or postgresql+psycopg://user@host/db, "
        "or a path.",
        envvar="REALPOLITIK_DB",
    ),
]
Since = Annotated[
    str | None, typer.Option(help="Only events from this date (YYYY, YYYY-MM, YYYY-MM-DD).")
]
Until = Annotated[str | None, typer.Option(help="Only events up to this date, inclusive.")]
WindowOpt = Annotated[
    str, typer.Option("--window", help="month, quarter, year, or N days (e.g. 30d).")
]
DEFAULT_DB = "sqlite:///realpolitik.db"


def _fail(message: str, code: int = 1) -> typer.Exit:
    _err.print(f"error: {message}", markup=False)
    return typer.Exit(code)


def _call(fn: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
    """Run an API call; store and input problems become one-line errors."""
    try:
        return fn(*args, **kwargs)
    except StoreError as exc:
        raise _fail(str(exc), 2) from exc
    except (ValueError, LookupError, OSError) as exc:
        raise _fail(str(exc), 2) from exc


def brief(
    a: Annotated[str, typer.Argument(help="Actor id or country code, e.g. IRN.")],
    b: Annotated[
        str | None, typer.Argument(help="Second actor; leave out for A's neighbourhood.")
    ] = None,
    db: Db = DEFAULT_DB,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write Markdown here (else stdout).")
    ] = None,
    html_out: Annotated[Path | None, typer.Option("--html", help="Also write HTML here.")] = None,
    chart: Annotated[
        Path | None,
        typer.Option("--chart", help="Draw cooperation/conflict over time (.png/.svg)."),
    ] = None,
    window: WindowOpt = "month",
    since: Since = None,
    until: Until = None,
) -> None:
    """An analyst's note on two actors, or one actor's neighbourhood; every line cited.

    Example: realpolitik brief IRN RUS --db sqlite:///demo.db --html brief.html --chart chart.svg
    """
    note = _call(briefs.brief, db, a, b, window=window, since=since, until=until)
    if chart is not None:
        _call(briefs.render_chart, note.periods, chart, note.title)
        _err.print(f"chart written to {chart}", markup=False)
    if html_out is not None:
        src = os.path.relpath(chart, html_out.parent) if chart is not None else None
        _call(html_out.write_text, note.to_html(src), encoding="utf-8")
        _err.print(f"HTML written to {html_out}", markup=False)
    if out is not None:
        _call(out.write_text, note.to_markdown(), encoding="utf-8")
        _err.print(f"brief written to {out}", markup=False)
    elif html_out is None:
        sys.stdout.write(note.to_markdown())


def timeline_cmd(
    a: Annotated[str | None, typer.Argument(help="Actor id or country code.")] = None,
    b: Annotated[str | None, typer.Argument(help="The other actor.")] = None,
    db: Db = DEFAULT_DB,
    window: WindowOpt = "month",
    since: Since = None,
    until: Until = None,
    min_events: Annotated[
        int, typer.Option(min=1, help="Asserted events a window needs to count for a turn.")
    ] = 2,
    fmt: Annotated[str, typer.Option("--format", help="text (default) or jsonl.")] = "text",
) -> None:
    """A pair's cooperation/conflict balance per window and its turns (no pair: all turns).

    Example: realpolitik timeline IRN USA --db sqlite:///demo.db --window quarter
    """
    if (a is None) != (b is None):
        raise _fail("give two actors (A B), or none for the turns of every pair", 2)
    if a is not None and b is not None:
        line = _call(timeline.timeline, db, a, b, window, since, until)
        _print_timeline(line, min_events, fmt)
        return
    events, links = _call(_events, db, since, until)
    found = _call(timeline.shifts, events, window, min_events, timeline.state_namer(), links)
    for line, shift in found:
        if fmt == "jsonl":
            sys.stdout.write(json.dumps(_shift_dict(line, shift), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(shift.describe(line.names) + "\n")
    if not found and fmt != "jsonl":
        _err.print("no turn found (try a longer --window or a lower --min-events)", markup=False)


def _events(db: str, since: str | None, until: str | None) -> tuple[list[Event], list[Link]]:
    """The events and the stated ties and turns in the period."""
    with Store.from_url(db) as store:
        found = store.events(since=since, until=until)
        links = [x for x in store.links() if timeline.overlaps(x.date, since, until)]
    return found, links


def _period_dict(p: timeline.Period) -> dict[str, Any]:
    return {
        "period": p.label, "asserted": len(p.asserted), "cooperation": p.cooperation,
        "conflict": p.conflict, "score": p.score, "balance": p.balance, "stance": p.stance,
        "speculative": len(p.speculative), "negated": len(p.negated),
        "events": [e.id for e in (*p.asserted, *p.speculative, *p.negated)],
    }  # fmt: skip


def _shift_dict(line: timeline.PairTimeline, shift: timeline.Shift) -> dict[str, Any]:
    return {
        "a": shift.a, "b": shift.b, "from": shift.before.label, "to": shift.after.label,
        "before": shift.from_stance, "after": shift.to_stance,
        "direction": shift.direction, "stated": shift.stated, "text": shift.describe(line.names),
        "evidence": [{"doc_id": e.doc_id, "sentence": e.sentence, "event_id": e.id}
                     for e in shift.marks]
                    + [{"doc_id": x.doc_id, "sentence": x.sentence, "event_id": None}
                       for x in [*shift.statements, *shift.ties]],
    }  # fmt: skip


def _print_timeline(line: timeline.PairTimeline, min_events: int, fmt: str) -> None:
    periods = [p for p in [*line.periods, line.undated] if p.asserted or p.speculative]
    if fmt == "jsonl":
        for p in periods:
            sys.stdout.write(json.dumps(_period_dict(p), ensure_ascii=False) + "\n")
        return
    names = line.names
    sys.stdout.write(
        f"{names.get(line.a, line.a)} – {names.get(line.b, line.b)} by {line.window}: "
        f"score {line.score if line.score is not None else 'n/a'}, trend {line.trend()}\n"
    )
    for p in periods:
        score = "n/a" if p.score is None else f"{p.score:+.2f}"
        sys.stdout.write(
            f"  {p.label:>10}  {len(p.asserted):3} asserted  +{p.cooperation}/-{p.conflict}  "
            f"score {score:>6}  {p.stance or '-':11}  {len(p.speculative)} speculated\n"
        )
    for shift in line.shifts(min_events):
        sys.stdout.write(f"turn: {shift.describe(names)}\n")
        said = [(x.doc_id, x.sentence) for x in [*shift.ties[:1], *shift.statements[:2]]]
        for doc_id, sentence in [*said, *((e.doc_id, e.sentence) for e in shift.marks[:3])]:
            sys.stdout.write(f"    [{doc_id}] {' '.join(sentence.split())}\n")


def network(
    db: Db = DEFAULT_DB,
    since: Since = None,
    until: Until = None,
    pair: Annotated[
        tuple[str, str] | None,
        typer.Option("--pair", help="Two actors whose common friends and enemies to list."),
    ] = None,
    top: Annotated[int, typer.Option(min=1, help="At most this many rows per list.")] = 10,
    fmt: Annotated[str, typer.Option("--format", help="text (default) or json.")] = "text",
) -> None:
    """Brokers, tension triads (unbalanced signed triangles) and shared enemies of a period.

    Example: realpolitik network --db sqlite:///demo.db --since 2023-01 --pair IRN TALIBAN
    """
    summary = _call(networks.network, db, since, until, pair)
    if fmt == "json":
        sys.stdout.write(json.dumps(summary.to_dict(), ensure_ascii=False, indent=1) + "\n")
        return
    g = summary.graph
    out = sys.stdout.write
    out(f"{g.number_of_nodes()} actors, {g.number_of_edges()} ties\n\nBrokers\n")
    for broker in summary.brokers[:top]:
        out(f"  {broker.describe()}\n")
    out("\nTension points (unbalanced triads)\n")
    for triad in summary.tensions[:top]:
        out(f"  {triad.pattern}  {triad.describe(g)}\n")
    out("\nShared enemies\n")
    for (x, y), enemies in _ranked_enemies(summary)[:top]:
        names = ", ".join(g.nodes[n]["label"] for n in enemies)
        out(f"  {g.nodes[x]['label']} and {g.nodes[y]['label']}: {names}\n")
    if pair:
        x, y = (_label(g, p) for p in pair)
        out(f"\nCommon friends and enemies of {x} and {y}\n")
        for c in summary.common:
            out(f"  {c.describe(x, y)}\n")


def _label(graph: Any, actor: str) -> str:
    key = timeline.actor_key(actor)
    return str(graph.nodes[key]["label"]) if key in graph else actor


def _ranked_enemies(
    summary: networks.NetworkSummary,
) -> list[tuple[tuple[str, str], list[str]]]:
    """Pairs that are themselves on good terms first, then by how many enemies they share."""
    g = summary.graph

    def rank(item: tuple[tuple[str, str], list[str]]) -> tuple[int, int, str]:
        (x, y), enemies = item
        friends = g.has_edge(x, y) and g.edges[x, y]["sign"] > 0
        return (not friends, -len(enemies), f"{x}-{y}")

    return sorted(summary.shared_enemies.items(), key=rank)


def export_network(
    db: Db = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", help="gexf or graphml.")] = "gexf",
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")] = Path(
        "network.gexf"
    ),
    since: Since = None,
    until: Until = None,
) -> None:
    """Write the signed actor network (nodes, ties, weights, relation kinds) as GEXF or GraphML.

    Example: realpolitik export-network --db sqlite:///demo.db --format gexf -o network.gexf
    """
    nodes, edges = _call(exports.export_network, db, fmt, output, since, until)
    _err.print(f"{nodes} actors and {edges} ties written to {output}", markup=False)


def export_table(
    db: Db = DEFAULT_DB,
    fmt: Annotated[
        str,
        typer.Option("--format", help="polecat-tsv, gdelt-events, gdelt-mentions or icews-tsv."),
    ] = "polecat-tsv",
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")] = Path(
        "events.tsv"
    ),
    modality: Annotated[
        list[str] | None,
        typer.Option(help=f"Modalities to include (repeatable): {', '.join(MODALITIES)}."),
    ] = None,
    since: Since = None,
    until: Until = None,
    header: Annotated[bool, typer.Option(help="Write a header row.")] = True,
) -> None:
    """Write stored events as POLECAT, GDELT 2.0 (events/mentions) or ICEWS tab-separated
    tables; asserted events only unless --modality says otherwise.

    Example: realpolitik export-table --db sqlite:///demo.db --format gdelt-events -o events.tsv
    """
    count = _call(
        exports.export_table, db, fmt, output, tuple(modality or ("asserted",)), since, until,
        header,
    )  # fmt: skip
    _err.print(f"{count} rows written to {output}", markup=False)


def register(app: typer.Typer) -> None:
    """Add the analysis commands to the `realpolitik` app."""
    app.command("brief")(brief)
    app.command("timeline")(timeline_cmd)
    app.command("network")(network)
    app.command("export-network")(export_network)
    app.command("export-table")(export_table)
