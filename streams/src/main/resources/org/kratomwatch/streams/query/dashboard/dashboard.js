// KratomWatch live dashboard: the current signal table from /signals, live updates from the
// /signal-events Server-Sent Events stream, and the time trend of the selected signal from
// /signals/{substance}/{event}/history, drawn as inline SVG. Plain browser JavaScript, no build.
// Every text from the API goes into the page as text (textContent), never as HTML.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const RULE_THRESHOLDS = { ic025: 0, eb05: 2 };
  const params = new URLSearchParams(window.location.search);
  const state = {
    substance: params.get("substance") || "",
    comparator: params.get("comparator") || "all",
    firing: params.get("firing") === "true",
    selected: null,          // {substance, event}
    records: [],
    reloadTimer: null,
    changed: new Set(),
  };

  const $ = (id) => document.getElementById(id);

  // ---- numbers as the report prints them -------------------------------------------------------
  function value(v) {
    if (v === null || v === undefined) return NaN;
    if (v === "Infinity") return Infinity;
    if (v === "-Infinity") return -Infinity;
    return Number(v);
  }
  function fmt(v) {
    const x = value(v);
    if (Number.isNaN(x)) return "–";
    if (x === Infinity) return "∞";
    if (x === -Infinity) return "−∞";
    if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString("en-US");
    return x.toFixed(2).replace("-", "−");
  }
  function interval(lo, hi) {
    const a = value(lo), b = value(hi);
    return Number.isNaN(a) && Number.isNaN(b) ? "–" : fmt(lo) + " – " + fmt(hi);
  }
  const key = (s, e) => s + "\u0000" + e;

  // ---- strength order, as in the periodic report: rules firing, then EB05, IC025, ROR025 ------
  function descNaNLast(x, y) {
    const nx = Number.isNaN(x), ny = Number.isNaN(y);
    if (nx || ny) return nx === ny ? 0 : nx ? 1 : -1;
    return y - x === 0 ? 0 : (y > x ? 1 : -1);
  }
  function strength(a, b) {
    return (b.signalsFired.length - a.signalsFired.length)
      || descNaNLast(value(a.eb05), value(b.eb05))
      || descNaNLast(value(a.ic025), value(b.ic025))
      || descNaNLast(value(a.rorLower95), value(b.rorLower95))
      || (b.a - a.a)
      || a.substance.localeCompare(b.substance) || a.event.localeCompare(b.event);
  }

  // ---- the table --------------------------------------------------------------------------------
  async function load() {
    const q = new URLSearchParams({ scope: "CUMULATIVE", comparator: state.comparator, sort: "-eb05", limit: "1000" });
    if (state.substance) q.set("substance", state.substance);
    let body;
    try {
      const r = await fetch("/signals?" + q.toString(), { headers: { Accept: "application/json" } });
      if (!r.ok) { setStatus("reconnecting", "query API answered " + r.status); return; }
      body = await r.json();
    } catch (e) {
      setStatus("reconnecting", "query API unreachable");
      return;
    }
    let records = body.signals.filter((s) => !state.firing || s.signalsFired.length > 0);
    records.sort(strength);
    state.records = records;
    fillSubstances(body.signals);
    render();
    $("summary").textContent = records.length + " pairs" + (body.partial ? " (some instances did not answer)" : "")
      + " · period " + (records.length ? records.map((s) => s.period).sort().pop() : "–");
    if (!state.selected && records.length) select(records[0].substance, records[0].event);
  }

  function fillSubstances(all) {
    const select = $("substance");
    const known = new Set([...select.options].map((o) => o.value));
    [...new Set(all.map((s) => s.substance))].sort().forEach((s) => {
      if (!known.has(s)) { const o = document.createElement("option"); o.value = s; o.textContent = s; select.appendChild(o); }
    });
    select.value = state.substance;
  }

  function cell(tr, text, cls) {
    const td = document.createElement("td");
    if (cls) td.className = cls;
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function render() {
    const tbody = document.querySelector("#signals tbody");
    tbody.replaceChildren();
    for (const s of state.records) {
      const tr = document.createElement("tr");
      tr.className = "signal-row";
      tr.dataset.substance = s.substance;
      tr.dataset.event = s.event;
      if (state.selected && key(s.substance, s.event) === key(state.selected.substance, state.selected.event)) tr.classList.add("selected");
      if (state.changed.has(key(s.substance, s.event))) tr.classList.add("changed");
      cell(tr, s.substance);
      const ev = cell(tr, s.event);
      if (s.eventKind === "TERM_GROUP") { const b = document.createElement("span"); b.className = "badge group"; b.textContent = "group"; ev.append(" ", b); }
      cell(tr, String(s.a), "num");
      cell(tr, fmt(s.expected), "num");
      cell(tr, fmt(s.prr), "num");
      const ror = cell(tr, fmt(s.ror), "num");
      const ci = document.createElement("span"); ci.className = "ci"; ci.textContent = interval(s.rorLower95, s.rorUpper95); ror.appendChild(ci);
      cell(tr, fmt(s.ic025), "num");
      cell(tr, fmt(s.eb05), "num");
      cell(tr, s.signalsFired.join(" "), "rules");
      const st = cell(tr, "");
      if (s.state && s.state !== "NONE") { const b = document.createElement("span"); b.className = "badge state-" + s.state; b.textContent = s.state; st.appendChild(b); }
      tr.addEventListener("click", () => select(s.substance, s.event));
      tbody.appendChild(tr);
    }
    state.changed.clear();
    $("empty").hidden = state.records.length > 0;
  }

  // ---- the trend --------------------------------------------------------------------------------
  async function select(substance, event) {
    state.selected = { substance, event };
    document.querySelectorAll("#signals tbody tr").forEach((tr) =>
      tr.classList.toggle("selected", tr.dataset.substance === substance && tr.dataset.event === event));
    $("trend-title").textContent = "Time trend: " + substance + " × " + event;
    let body;
    try {
      const r = await fetch("/signals/" + encodeURIComponent(substance) + "/" + encodeURIComponent(event) + "/history");
      if (!r.ok) { $("trend").replaceChildren(note("No history for this pair (" + r.status + ").")); return; }
      body = await r.json();
    } catch (e) {
      $("trend").replaceChildren(note("The history could not be loaded."));
      return;
    }
    if (!state.selected || state.selected.substance !== substance || state.selected.event !== event) return; // superseded
    const rows = body.history.filter((s) => s.scope === "CUMULATIVE" && s.comparator === state.comparator)
      .sort((a, b) => a.period.localeCompare(b.period));
    const periods = rows.map((s) => s.period);
    $("trend").replaceChildren(
      panel("IC025", "IC025 > 0", RULE_THRESHOLDS.ic025, periods, rows.map((s) => value(s.ic025)), false),
      panel("EB05", "EB05 ≥ 2", RULE_THRESHOLDS.eb05, periods, rows.map((s) => value(s.eb05)), true));
  }

  function note(text) { const p = document.createElement("p"); p.className = "note"; p.textContent = text; return p; }

  function el(name, attrs, text) {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function niceStep(range) {
    const raw = range / 5, mag = Math.pow(10, Math.floor(Math.log10(raw))), r = raw / mag;
    return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
  }

  /** One measure over the periods with its threshold line; a circle per defined value. */
  function panel(measure, thresholdLabel, threshold, periods, values, inclusive) {
    const W = 400, H = 170, L = 46, R = W - 12, T = 14, B = H - 34;
    let lo = threshold, hi = threshold;
    values.forEach((v) => { if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } });
    if (!(hi > lo)) { lo -= 0.5; hi += 0.5; }
    const step = niceStep(hi - lo);
    lo = Math.floor(lo / step) * step; hi = Math.ceil(hi / step) * step;
    const y = (v) => B - (v - lo) / (hi - lo) * (B - T);
    const n = periods.length;
    const x = (i) => n <= 1 ? (L + R) / 2 : L + 10 + i * (R - L - 20) / (n - 1);
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: "chart trend", role: "img",
      "aria-label": measure + " per period", "data-measure": measure });
    for (let v = lo; v <= hi + step * 1e-9; v += step) {
      const t = Math.abs(v) < step * 1e-9 ? 0 : v;
      svg.append(el("line", { class: "grid", x1: L, x2: R, y1: y(t), y2: y(t) }),
        el("text", { class: "tick", x: L - 6, y: y(t), dy: 4, "text-anchor": "end" }, String(+t.toFixed(3))));
    }
    const every = Math.max(1, Math.ceil(n / 6));
    periods.forEach((p, i) => { if (i % every === 0 || i === n - 1) svg.append(el("text", { class: "tick", x: x(i), y: B + 16, "text-anchor": "middle" }, p)); });
    svg.append(el("line", { class: "axis", x1: L, x2: R, y1: B, y2: B }),
      el("line", { class: "threshold", x1: L, x2: R, y1: y(threshold), y2: y(threshold) }),
      el("text", { class: "threshold-label", x: R, y: y(threshold) - 4, "text-anchor": "end" }, thresholdLabel),
      el("text", { class: "panel-title", x: L, y: 10 }, measure));
    const pts = [];
    values.forEach((v, i) => { if (Number.isFinite(v)) pts.push([x(i), y(v), v, periods[i]]); });
    if (pts.length) svg.append(el("polyline", { class: "trend-line", points: pts.map((p) => p[0].toFixed(1) + "," + p[1].toFixed(1)).join(" ") }));
    for (const [px, py, v, p] of pts) {
      const above = inclusive ? v >= threshold : v > threshold;
      const c = el("circle", { class: "mark" + (above ? " above" : ""), cx: px.toFixed(1), cy: py.toFixed(1), r: 3.5 });
      c.append(el("title", {}, p + " " + measure + ": " + v.toFixed(3)));
      svg.append(c);
    }
    if (!pts.length) svg.append(el("text", { class: "tick", x: (L + R) / 2, y: (T + B) / 2, "text-anchor": "middle" }, "undefined in every period"));
    return svg;
  }

  // ---- live updates -----------------------------------------------------------------------------
  function setStatus(s, text) { const e = $("status"); e.dataset.state = s; e.textContent = text; }

  function scheduleReload() {
    clearTimeout(state.reloadTimer);
    state.reloadTimer = setTimeout(load, 300);
  }

  function connect() {
    if (!window.EventSource) { setStatus("reconnecting", "no live updates in this browser"); return; }
    const source = new EventSource("/signal-events");
    source.onopen = () => setStatus("live", "live");
    source.onerror = () => setStatus("reconnecting", "reconnecting…");
    source.addEventListener("signal-event", (m) => {
      let e;
      try { e = JSON.parse(m.data); } catch (err) { return; }
      const li = document.createElement("li");
      li.dataset.substance = e.substance;
      li.dataset.event = e.event;
      const when = document.createElement("span"); when.className = "when"; when.textContent = e.period;
      const badge = document.createElement("span"); badge.className = "badge state-" + e.newState; badge.textContent = e.newState;
      li.append(when, badge, " " + e.substance + " × " + e.event + " (" + e.comparator + ", " + e.scope.toLowerCase()
        + "; was " + e.previousState + "; a = " + e.a + ")");
      const list = $("events");
      list.prepend(li);
      while (list.children.length > 50) list.lastChild.remove();
      state.changed.add(key(e.substance, e.event));
      scheduleReload();
      if (state.selected && state.selected.substance === e.substance && state.selected.event === e.event) {
        select(e.substance, e.event);
      }
    });
  }

  // ---- wiring -----------------------------------------------------------------------------------
  function init() {
    $("comparator").value = state.comparator;
    $("firing").checked = state.firing;
    $("substance").addEventListener("change", (e) => { state.substance = e.target.value; state.selected = null; load(); });
    $("comparator").addEventListener("change", (e) => {
      state.comparator = e.target.value; load();
      if (state.selected) select(state.selected.substance, state.selected.event);
    });
    $("firing").addEventListener("change", (e) => { state.firing = e.target.checked; load(); });
    fetch("/signals?scope=CUMULATIVE&limit=10000").then((r) => r.ok ? r.json() : null).then((b) => {
      if (!b) return;
      const select = $("comparator");
      [...new Set(b.signals.map((s) => s.comparator))].sort().forEach((c) => {
        if (![...select.options].some((o) => o.value === c)) { const o = document.createElement("option"); o.value = c; o.textContent = c; select.appendChild(o); }
      });
      select.value = state.comparator;
    }).catch(() => {});
    load();
    connect();
    setInterval(load, 60000); // a safety net: the table stays current even if the stream breaks
  }

  init();
})();
