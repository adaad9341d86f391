"""Human-readable views of events and relations (rich tables on stdout)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from realpolitik.api import Dyad
from realpolitik.model import Event, Mention

out = Console(highlight=False, soft_wrap=False)


def _names(mentions: Sequence[Mention]) -> str:
    return ", ".join(f"{m.entity.name} [{m.entity.id}]" for m in mentions)


def _party(entity: dict[str, Any]) -> str:
    return f"{entity['name']} [{entity['id']}]"


def events_table(events: Sequence[Event], title: str = "Events") -> None:
    table = Table(title=f"{title} ({len(events)})", show_lines=False)
    for col in ("date", "event", "actor", "recipient", "modality", "evidence"):
        table.add_column(col, overflow="fold")
    for e in events:
        table.add_row(
            e.date or "",
            f"{e.event} ({e.quad_code})",
            _names(e.actor),
            _names(e.recipient),
            e.modality,
            _clip(e.sentence),
        )
    out.print(table)


def _clip(text: str, width: int = 110) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def relations_table(relations: Sequence[dict[str, Any]], title: str = "Relations") -> None:
    table = Table(title=f"{title} ({len(relations)})")
    for col in ("kind", "a", "b", "via/issue", "score", "events", "first", "last", "evidence"):
        table.add_column(col, overflow="fold")
    for r in relations:
        extra = ", ".join(_party(v) for v in r["via"]) or (r["issue"] or "")
        evidence = r["evidence"][0]["sentence"] if r["evidence"] else ""
        table.add_row(
            r["kind"],
            _party(r["a"]),
            _party(r["b"]),
            extra,
            "" if r["score"] is None else f"{r['score']:+.1f}",
            str(r["events"]),
            r["first"] or "",
            r["last"] or "",
            _clip(evidence, 90),
        )
    out.print(table)


def rows_table(rows: Sequence[dict[str, Any]], title: str) -> None:
    table = Table(title=f"{title} ({len(rows)})")
    if not rows:
        out.print(table)
        return
    for col in rows[0]:
        table.add_column(str(col), overflow="fold")
    for row in rows:
        table.add_row(*(_clip(str(v if v is not None else ""), 90) for v in row.values()))
    out.print(table)


def dyad_view(dyad: Dyad) -> None:
    score = "n/a" if dyad.score is None else f"{dyad.score:+.2f}"
    out.print(
        f"[bold]{dyad.a} – {dyad.b}[/]: {len(dyad.events)} events, mean asserted intensity {score}"
    )
    if dyad.by_month:
        table = Table(title="Score by month")
        for col in ("month", "asserted events", "mean intensity", ""):
            table.add_column(col)
        for month, count, mean in dyad.by_month:
            bar = ("█" * int(abs(mean))) if mean else "·"
            colour = "green" if mean > 0 else "red"
            table.add_row(month, str(count), f"{mean:+.2f}", f"[{colour}]{bar}[/]")
        out.print(table)
    events_table(dyad.events, title=f"Events between {dyad.a} and {dyad.b}")


def summary_view(summary: dict[str, Any]) -> None:
    """The demo's first look: counts, busiest actors, then each kind of relation with the
    sentence that shows it."""
    counts = summary["counts"]
    out.print("[bold]Store:[/] " + ", ".join(f"{v} {k}" for k, v in counts.items()), soft_wrap=True)
    out.print("\n[bold]Most active actors[/] (events, mentions)")
    for a in summary["actors"]:
        out.print(
            f"  {a['name']} [{a['id']}] {a['kind']}, {a['country'] or '-'}: "
            f"{a['events']} events, {a['mentions']} mentions",
            markup=False,
        )
    sections = (
        ("cooperation", "Strongest cooperation"),
        ("conflict", "Strongest conflict"),
        ("mediation", "Mediators"),
        ("patronage", "Patrons and proxies"),
        ("other", "Alliances, rivalries and disputes"),
    )
    for key, title in sections:
        out.print(f"\n[bold]{title}[/]")
        if not summary[key]:
            out.print("  (none found)")
        for r in summary[key]:
            out.print("  " + relation_line(r), markup=False, soft_wrap=True)
            if r["evidence"]:
                ev = r["evidence"][0]
                sentence = " ".join(ev["sentence"].split())
                out.print(
                    f"      “{_clip(sentence, 150)}” [{ev['doc_id']}]", markup=False, soft_wrap=True
                )


def relation_line(r: dict[str, Any]) -> str:
    """One relation as a sentence-like line: "Iran – Oman mediation via Qatar (3 events ...)"."""
    a, b = r["a"]["name"], r["b"]["name"]
    head = f"{a} → {b}" if r["kind"] == "patronage" else f"{a} – {b}"
    via = f" via {', '.join(v['name'] for v in r['via'])}" if r["via"] else ""
    issue = f" over {r['issue']}" if r["issue"] else ""
    score = "" if r["score"] is None else f", score {r['score']:+.1f}"
    span = r["first"] if r["first"] == r["last"] else f"{r['first']} … {r['last']}"
    return f"{head}: {r['kind']}{via}{issue} ({r['events']} events{score}, {span})"
