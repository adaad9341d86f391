// The realpolitik workbench: one page over the JSON API (/api/...).
// Article text is untrusted: every piece of data reaches the page through textContent or
// attribute setters built by el(), never through innerHTML.
"use strict";

const $ = (id) => document.getElementById(id);
const COLORS = { cooperation: "#2e7d32", conflict: "#c62828", tie: "#7e57c2" };
const PAGE = 50;
const state = { cy: null, networkKey: null };
window.workbench = state; // read-only handle for debugging and the browser tests

// ---- DOM helpers -----------------------------------------------------------------------

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

function link(text, hash) {
  return el("a", { href: hash, text });
}

function status(message) {
  $("status").textContent = message || "";
}

// ---- API -------------------------------------------------------------------------------

async function api(path, params = {}, init = {}) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, value);
  }
  const response = await fetch(url, init);
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) {
    const detail = typeof body.detail === "string" ? `: ${body.detail}` : "";
    const error = new Error(`${body.error || response.status}${detail}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

function filters() {
  return {
    since: $("f-since").value.trim(),
    until: $("f-until").value.trim(),
    modality: $("f-modality").value,
  };
}

function eventFilters() {
  const f = filters();
  return { since: f.since, until: f.until, modality: f.modality === "all" ? "" : f.modality };
}

// ---- shared renderers ------------------------------------------------------------------

function names(entities) {
  return entities.map((e) => e.name).join(", ");
}

function actorLinks(entities) {
  const span = el("span");
  entities.forEach((e, i) => {
    if (i) span.append(", ");
    span.append(link(e.name, `#/actor/${encodeURIComponent(e.id)}`));
  });
  return span;
}

function docHash(event) {
  const t = event.text_info;
  return `#/doc/${encodeURIComponent(event.doc_id)}/${t.start}/${t.end}`;
}

function eventsTable(events, { onPage, page, offsets } = {}) {
  const table = el("table", { class: "events" });
  table.append(el("thead", {}, el("tr", {},
    ...["date", "event", "actor", "recipient", "modality", "evidence"].map((h) => el("th", { text: h })))));
  const body = el("tbody");
  for (const e of events) {
    const row = el("tr", { class: `quad${e.quad_code}`, tabindex: "0", title: "Open the sentence in its article" },
      el("td", { text: e.date || "" }),
      el("td", { text: `${e.event} (${e.quad_code})` }),
      el("td", { text: names(e.actor) }),
      el("td", { text: names(e.recipient) }),
      el("td", { text: e.modality }),
      el("td", { class: "evidence", text: e.sentence }));
    const open = () => { window.location.hash = offsets ? offsets(e) : docHash(e); };
    row.addEventListener("click", open);
    row.addEventListener("keydown", (ev) => { if (ev.key === "Enter") open(); });
    body.append(row);
  }
  table.append(body);
  const wrap = el("div", {}, table);
  if (!events.length) wrap.append(el("p", { class: "empty", text: "No events." }));
  if (page && onPage) wrap.append(pager(page, onPage));
  return wrap;
}

function pager(page, onPage) {
  const shown = page.items.length;
  const total = page.total === null ? "" : ` of ${page.total}`;
  const bar = el("p", { class: "pager" },
    `${shown ? page.offset + 1 : 0}–${page.offset + shown}${total} `);
  if (page.offset > 0) {
    bar.append(el("button", { type: "button", text: "‹ previous", onclick: () => onPage(Math.max(0, page.offset - page.limit)) }));
  }
  if (page.next_offset !== null) {
    bar.append(el("button", { type: "button", text: "next ›", onclick: () => onPage(page.next_offset) }));
  }
  return bar;
}

function relationItem(rel) {
  const who = el("span", {}, link(rel.a.name, `#/actor/${encodeURIComponent(rel.a.id)}`), " – ",
    link(rel.b.name, `#/actor/${encodeURIComponent(rel.b.id)}`));
  const extra = rel.via.length ? ` via ${names(rel.via)}` : rel.issue ? ` over ${rel.issue}` : "";
  const score = rel.score === null ? "" : `, score ${rel.score > 0 ? "+" : ""}${rel.score}`;
  const head = el("div", {}, el("strong", { text: rel.kind }), " ", who,
    `${extra} (${rel.events} events${score}; ${rel.first || "?"} – ${rel.last || "?"}) `,
    link("pair view", `#/pair/${encodeURIComponent(rel.a.id)}/${encodeURIComponent(rel.b.id)}`));
  const evidence = el("ul", { class: "evidence" });
  for (const ev of rel.evidence) {
    const quote = el("q", { text: ev.sentence });
    evidence.append(el("li", {}, quote, " ", link(ev.doc_id, `#/doc/${encodeURIComponent(ev.doc_id)}/q/${encodeURIComponent(ev.sentence)}`)));
  }
  return el("li", { class: `rel ${rel.kind}` }, head, evidence);
}

function fillList(node, relations, empty) {
  clear(node);
  for (const rel of relations) node.append(relationItem(rel));
  if (!relations.length) node.append(el("li", { class: "empty", text: empty }));
}

// ---- map -------------------------------------------------------------------------------

async function showMap() {
  const f = filters();
  const key = JSON.stringify(f);
  if (state.cy && state.networkKey === key) {
    state.cy.resize();
    return;
  }
  const net = await api("/api/network", f);
  state.networkKey = key;
  drawNetwork(net);
  fillEdgeList(net);
  status(`${net.nodes.length} actors, ${net.edges.length} pairs`);
}

function edgeColor(edge) {
  return COLORS[edge.kind] || COLORS.tie;
}

function drawNetwork(net) {
  const elements = [
    ...net.nodes.map((n) => ({ data: { id: n.id, label: n.label, events: n.events, kind: n.kind } })),
    ...net.edges.map((e) => ({
      data: {
        id: e.id, source: e.source, target: e.target, events: e.events, kind: e.kind,
        color: edgeColor(e), width: 1.5 + 2.5 * Math.sqrt(e.events),
      },
    })),
  ];
  if (state.cy) state.cy.destroy();
  if (typeof cytoscape !== "function") {
    status("The map library is missing: run `make web` on the server.");
    return;
  }
  state.cy = cytoscape({
    container: $("cy"),
    elements,
    style: [
      { selector: "node", style: {
        label: "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3,
        width: "mapData(events, 0, 30, 14, 44)", height: "mapData(events, 0, 30, 14, 44)",
        "background-color": "#455a64",
      } },
      { selector: "node[kind = 'armed_group']", style: { "background-color": "#8d6e63", shape: "diamond" } },
      { selector: "node[kind = 'igo']", style: { "background-color": "#0277bd", shape: "round-rectangle" } },
      { selector: "edge", style: {
        "line-color": "data(color)", width: "data(width)", "curve-style": "bezier", opacity: 0.8,
      } },
      { selector: "edge[kind = 'tie']", style: { "line-style": "dashed", width: 2 } },
      { selector: ":selected", style: { "overlay-opacity": 0.2, "overlay-color": "#ffb300" } },
    ],
    layout: { name: "cose", animate: false, randomize: true, nodeRepulsion: 9000, idealEdgeLength: 90 },
  });
  state.cy.on("tap", "edge", (evt) => openPair(evt.target.data("source"), evt.target.data("target")));
  state.cy.on("tap", "node", (evt) => { window.location.hash = `#/actor/${encodeURIComponent(evt.target.id())}`; });
}

function fillEdgeList(net) {
  const label = Object.fromEntries(net.nodes.map((n) => [n.id, n.label]));
  const list = clear($("edge-list"));
  const edges = [...net.edges].sort((x, y) => y.events - x.events || x.id.localeCompare(y.id));
  for (const e of edges) {
    const ties = e.ties.map((t) => t.kind).join(", ");
    const counts = e.events ? `${e.cooperation} coop / ${e.conflict} conflict` : "no events";
    const item = el("li", { class: `edge ${e.kind}`, "data-edge": e.id },
      el("span", { class: `swatch ${e.kind === "cooperation" ? "coop" : e.kind === "conflict" ? "conf" : "tie"}` }),
      link(`${label[e.source]} – ${label[e.target]}`, `#/pair/${encodeURIComponent(e.source)}/${encodeURIComponent(e.target)}`),
      ` ${counts}${ties ? `; ${ties}` : ""}`);
    list.append(item);
  }
}

function openPair(a, b) {
  window.location.hash = `#/pair/${encodeURIComponent(a)}/${encodeURIComponent(b)}`;
}

// ---- pair ------------------------------------------------------------------------------

async function showPair(a, b, offset = 0) {
  const [pair, brief] = await Promise.all([
    api(`/api/pairs/${encodeURIComponent(a)}/${encodeURIComponent(b)}`, { limit: PAGE, offset }),
    api(`/api/brief/${encodeURIComponent(a)}/${encodeURIComponent(b)}`),
  ]);
  $("pair-title").textContent = `${pair.a.name} – ${pair.b.name}`;
  const briefList = clear($("pair-brief"));
  for (const line of brief.lines) briefList.append(el("li", { text: line }));
  clear($("pair-chart")).append(timelineChart(pair.timeline));
  fillList($("pair-relations"), pair.relations, "No stored relation.");
  clear($("pair-events")).append(eventsTable(pair.events.items, {
    page: pair.events, onPage: (o) => showPair(a, b, o),
  }));
  status(`${pair.events.total} events`);
}

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

// Bars per month: cooperation above the axis (green), conflict below (red).
function timelineChart(months) {
  if (!months.length) return el("p", { class: "empty", text: "No dated, asserted events to chart." });
  const barW = 28, gap = 10, padL = 34, padT = 14, half = 70, padB = 40;
  const width = padL + months.length * (barW + gap) + gap;
  const height = padT + 2 * half + padB;
  const top = Math.max(1, ...months.map((m) => Math.max(m.cooperation, m.conflict)));
  const axisY = padT + half;
  const scale = (n) => (n / top) * (half - 4);
  const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", class: "timeline" });
  chart.append(svg("title", {}, "Cooperative (up) and conflictual (down) events per month"));
  chart.append(svg("line", { x1: padL, x2: width, y1: axisY, y2: axisY, stroke: "#999" }));
  chart.append(svg("text", { x: 2, y: padT + 10, class: "axis" }, `+${top}`));
  chart.append(svg("text", { x: 2, y: padT + 2 * half, class: "axis" }, `-${top}`));
  months.forEach((m, i) => {
    const x = padL + gap + i * (barW + gap);
    const up = scale(m.cooperation), down = scale(m.conflict);
    const coop = svg("rect", { x, y: axisY - up, width: barW, height: up, fill: COLORS.cooperation, class: "bar coop" });
    coop.append(svg("title", {}, `${m.month}: ${m.cooperation} cooperative`));
    const conf = svg("rect", { x, y: axisY, width: barW, height: down, fill: COLORS.conflict, class: "bar conf" });
    conf.append(svg("title", {}, `${m.month}: ${m.conflict} conflictual, mean score ${m.score}`));
    chart.append(coop, conf);
    chart.append(svg("text", { x: x + barW / 2, y: height - padB + 16, "text-anchor": "middle", class: "axis" }, m.month));
  });
  return chart;
}

// ---- events, actors, documents ---------------------------------------------------------

async function showEvents(q) {
  $("events-title").textContent = q ? `Events whose evidence has “${q}”` : "Events";
  const page = await pagedEvents($("events-table"), { ...eventFilters(), q });
  status(page.total === null ? "" : `${page.total} events`);
}

async function showActors(offset = 0) {
  const page = await api("/api/actors", { limit: PAGE, offset });
  const table = el("table", {}, el("thead", {}, el("tr", {},
    ...["actor", "id", "kind", "country", "events", "mentions"].map((h) => el("th", { text: h })))));
  const body = el("tbody");
  for (const a of page.items) {
    body.append(el("tr", {}, el("td", {}, link(a.name, `#/actor/${encodeURIComponent(a.id)}`)),
      el("td", { text: a.id }), el("td", { text: a.kind }), el("td", { text: a.country || "" }),
      el("td", { text: a.events }), el("td", { text: a.mentions })));
  }
  table.append(body);
  clear($("actors-table")).append(table, pager(page, showActors));
}

async function showActor(id) {
  const data = await api(`/api/actors/${encodeURIComponent(id)}`);
  const a = data.actor;
  $("actor-title").textContent = a.name;
  $("actor-facts").textContent = `${a.kind}${a.country ? `, ${a.country}` : ""}${a.sector ? ` (${a.sector})` : ""}; ` +
    `${a.events} events, ${a.mentions} mentions; id ${a.id}${a.wikidata_id ? `, Wikidata ${a.wikidata_id}` : ""}`;
  $("actor-aliases").textContent = data.aliases.join(" · ");
  fillList($("actor-patrons"), data.patrons, "None stated.");
  fillList($("actor-proxies"), data.proxies, "None stated.");
  fillList($("actor-mediates"), data.mediates, "None found.");
  fillList($("actor-relations"), data.relations, "No stored relation.");
  await pagedEvents($("actor-events"), { actor: id });
}

async function pagedEvents(container, params, offset = 0) {
  const page = await api("/api/events", { ...params, limit: PAGE, offset });
  clear(container).append(eventsTable(page.items, {
    page, onPage: (o) => pagedEvents(container, params, o),
  }));
  return page;
}

async function showDocuments(offset = 0) {
  const page = await api("/api/documents", { limit: PAGE, offset });
  const table = el("table", {}, el("thead", {}, el("tr", {},
    ...["date", "title", "id", "events"].map((h) => el("th", { text: h })))));
  const body = el("tbody");
  for (const d of page.items) {
    body.append(el("tr", {}, el("td", { text: d.date || "" }),
      el("td", {}, link(d.title || d.id, `#/doc/${encodeURIComponent(d.id)}`)),
      el("td", { text: d.id }), el("td", { text: d.events })));
  }
  table.append(body);
  clear($("documents-table")).append(table, pager(page, showDocuments));
}

function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

// The article's text, with each event sentence marked and `focus` [start, end) highlighted.
function articleText(text, events, focus) {
  const spans = new Map();
  for (const e of events) spans.set(`${e.text_info.start}:${e.text_info.end}`, e);
  if (focus) spans.set(`${focus[0]}:${focus[1]}`, spans.get(`${focus[0]}:${focus[1]}`) || null);
  const cuts = [...spans.keys()].map((k) => k.split(":").map(Number)).sort((x, y) => x[0] - y[0]);
  const out = el("div", { class: "article" });
  let pos = 0;
  let focused = null;
  for (const [start, end] of cuts) {
    if (start < pos || end > text.length) continue;
    out.append(text.slice(pos, start));
    const isFocus = focus && start === focus[0] && end === focus[1];
    const mark = el("mark", { class: isFocus ? "focus" : "event", "data-start": start, "data-end": end }, text.slice(start, end));
    if (isFocus) focused = mark;
    out.append(mark);
    pos = end;
  }
  out.append(text.slice(pos));
  return { node: out, focused };
}

async function showDoc(id, start, end, quote) {
  const doc = await api(`/api/documents/${encodeURIComponent(id)}`);
  $("doc-title").textContent = doc.title || doc.id;
  const meta = clear($("doc-meta"));
  meta.append(`${doc.date || "undated"} · ${doc.id} · ${doc.events.length} events`);
  const href = doc.url && safeUrl(doc.url);
  if (href) meta.append(" · ", el("a", { href, rel: "noopener noreferrer", target: "_blank", text: doc.url }));
  let focus = start !== undefined ? [Number(start), Number(end)] : null;
  if (!focus && quote) {
    const at = doc.text.indexOf(quote);
    if (at >= 0) focus = [at, at + quote.length];
  }
  const { node, focused } = articleText(doc.text, doc.events, focus);
  clear($("doc-text")).append(node);
  const list = clear($("doc-events"));
  for (const e of doc.events) {
    list.append(el("li", {}, link(`${e.event}: ${names(e.actor)} → ${names(e.recipient)}`, docHash(e)),
      ` (${e.modality}${e.date ? `, ${e.date}` : ""})`));
  }
  if (focused) focused.scrollIntoView({ block: "center" });
}

// ---- paste an article ------------------------------------------------------------------

async function extract(evt) {
  evt.preventDefault();
  const headers = { "Content-Type": "application/json" };
  const token = $("paste-token").value || sessionStorage.getItem("rp-token");
  if (token) headers.Authorization = `Bearer ${token}`;
  const body = { text: $("paste-text").value, date: $("paste-date").value.trim() || null };
  $("paste-status").textContent = "Coding… (the first article loads the language model)";
  clear($("paste-events"));
  clear($("paste-article"));
  try {
    const result = await api("/api/extract", {}, { method: "POST", headers, body: JSON.stringify(body) });
    if (token) sessionStorage.setItem("rp-token", token);
    $("paste-status").textContent = `${result.events.length} events found.`;
    const { node } = articleText(result.text, result.events, null);
    const focusMark = (e) => {
      for (const m of node.querySelectorAll("mark")) {
        m.className = Number(m.dataset.start) === e.text_info.start ? "focus" : "event";
      }
      return "#/paste";
    };
    $("paste-events").append(eventsTable(result.events, { offsets: focusMark }));
    $("paste-article").append(node);
  } catch (error) {
    if (error.status === 401 || error.status === 403) $("paste-token-label").hidden = false;
    $("paste-status").textContent = `Could not code the article: ${error.message}`;
  }
}

// ---- routing ---------------------------------------------------------------------------

const VIEWS = ["map", "pair", "events", "actors", "actor", "documents", "doc", "paste"];

function show(view) {
  for (const name of VIEWS) $(`view-${name}`).hidden = name !== view;
  const tab = { pair: "map", actor: "actors", doc: "documents" }[view] || view;
  for (const a of document.querySelectorAll("nav a[data-view]")) {
    a.classList.toggle("active", a.dataset.view === tab);
  }
}

async function route() {
  const [path, query] = window.location.hash.replace(/^#\/?/, "").split("?");
  const parts = path.split("/").map(decodeURIComponent);
  const view = VIEWS.includes(parts[0]) ? parts[0] : "map";
  show(view);
  status("");
  try {
    if (view === "map") await showMap();
    else if (view === "pair") await showPair(parts[1], parts[2]);
    else if (view === "events") await showEvents(new URLSearchParams(query || "").get("q") || "");
    else if (view === "actors") await showActors();
    else if (view === "actor") await showActor(parts[1]);
    else if (view === "documents") await showDocuments();
    else if (view === "doc") {
      if (parts[2] === "q") await showDoc(parts[1], undefined, undefined, parts.slice(3).join("/"));
      else await showDoc(parts[1], parts[2], parts[3]);
    }
  } catch (error) {
    status(`Error: ${error.message}`);
  }
}

function init() {
  $("search").addEventListener("submit", (evt) => {
    evt.preventDefault();
    window.location.hash = `#/events?q=${encodeURIComponent($("search-q").value.trim())}`;
  });
  $("f-apply").addEventListener("click", () => { state.networkKey = null; route(); });
  $("paste-form").addEventListener("submit", extract);
  window.addEventListener("hashchange", route);
  route();
}

init();
