/* Dashboard: dyad picker, period, uPlot chart of the series, events table, evidence panel. */
(function () {
  "use strict";
  const { api, el, toast, entityLabel, entityWords, eventLabel, quadBadge, eventSpans, highlight, fmtNumber, params, query,
          plural, articleHeading } = window.DW;

  const CATEGORIES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
  const COLORS = { coop: "#16a34a", conf: "#dc2626", tension: "#1e293b", alert: "#f59e0b" };

  const $ = (id) => document.getElementById(id);
  const state = { a: "", b: "", start: "", end: "", freq: "week", shownFreq: "week", next: null, plot: null, points: [],
                  selected: null, undated: false };

  function dyadOf(item) {
    if (item.actor && item.recipient) return [item.actor, item.recipient];
    if (item.a && item.b) return [item.a, item.b];
    if (typeof item.dyad === "string") return item.dyad.split(/[-,:]/);
    if (Array.isArray(item.dyad)) return item.dyad;
    return [null, null];
  }

  async function loadDyads() {
    const select = $("dyad-select");
    try {
      const data = await api("/api/v1/dyads?limit=50");
      select.replaceChildren(el("option", { value: "" }, data.items.length ? "— most active dyads —" : "no events stored yet"));
      data.items.forEach((item) => {
        const [a, b] = dyadOf(item);
        if (!a || !b) return;
        const n = item.events != null ? item.events : item.count;
        // The chart and table are undirected: both directions of a dyad count.
        select.append(el("option", { value: a + "-" + b }, a + " ↔ " + b + (n != null ? "  (" + plural(n, "event") + ")" : "")));
      });
      return data.items.map(dyadOf);
    } catch (e) {
      select.replaceChildren(el("option", { value: "" }, "cannot list dyads"));
      toast(e.message);
      return [];
    }
  }

  function syncSelect() {
    const value = state.a + "-" + state.b;
    const select = $("dyad-select");
    select.value = Array.from(select.options).some((o) => o.value === value) ? value : "";
  }

  function periodEnd(point, freq) {
    const d = new Date(point + "T00:00:00Z");
    if (freq === "day") d.setUTCDate(d.getUTCDate() + 1);
    else if (freq === "week") d.setUTCDate(d.getUTCDate() + 7);
    else if (freq === "year") d.setUTCFullYear(d.getUTCFullYear() + 1);
    else d.setUTCMonth(d.getUTCMonth() + 1);
    return d.getTime() / 1000;
  }

  function chartWidth() {
    // The chart box's own width (no minimum that would overflow a phone screen).
    return Math.max(200, Math.floor($("chart").clientWidth));
  }

  function drawChart(points, problem) {
    const box = $("chart");
    if (state.plot) { state.plot.destroy(); state.plot = null; }
    box.replaceChildren();
    box.dataset.points = String(points.length);
    if (problem) {
      box.append(el("div", { class: "empty error", role: "alert" }, problem));
      return;
    }
    if (!points.length) {
      box.append(el("div", { class: "empty" }, "No events for this dyad in this period."));
      return;
    }
    const xs = points.map((p) => Date.parse(p.period + "T00:00:00Z") / 1000);
    // A period without events is a gap: no bar, no tension point (not a "balanced" 0).
    const coop = points.map((p) => (p.events ? (p.quad1 || 0) + (p.quad2 || 0) : null) || null);
    const conf = points.map((p) => (p.events ? (p.quad3 || 0) + (p.quad4 || 0) : null) || null);
    const tension = points.map((p) => p.tension);
    const alerts = points.map((p) => (p.alert ? p.tension : null));
    const half = (periodEnd(points[0].period, state.shownFreq) - xs[0]) / 2;
    const bars = (align) => uPlot.paths.bars({ size: [0.35, 60], align: align, gap: 1 });

    const alertBands = (u) => {
      const ctx = u.ctx;
      ctx.save();
      ctx.fillStyle = "rgba(245, 158, 11, 0.16)";
      points.forEach((p, i) => {
        if (!p.alert) return;
        const x0 = u.valToPos(xs[i] - half, "x", true);
        const x1 = u.valToPos(xs[i] + half, "x", true);
        ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height);
      });
      ctx.restore();
    };

    const opts = {
      width: chartWidth(),
      height: 300,
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: (u, min, max) => [min - half * 1.2, max + half * 1.2] },
        n: { range: (u, min, max) => [0, Math.max(1, max) * 1.15] },
        t: { range: (u, min, max) => { const lo = Math.min(0, min), hi = Math.max(1, max); const pad = (hi - lo) * 0.1; return [lo - pad, hi + pad]; } },
      },
      axes: [
        { stroke: "#475569", grid: { stroke: "#eef2f7" } },
        { scale: "n", label: "events", stroke: "#475569", grid: { stroke: "#eef2f7" }, size: 50 },
        { scale: "t", label: "tension index", side: 1, stroke: COLORS.tension, grid: { show: false }, size: 55 },
      ],
      series: [
        { value: (u, v) => (v == null ? "–" : new Date(v * 1000).toISOString().slice(0, 10)) },
        { label: "Cooperation", scale: "n", stroke: COLORS.coop, fill: "rgba(22, 163, 74, 0.55)", paths: bars(-1), points: { show: false } },
        { label: "Conflict", scale: "n", stroke: COLORS.conf, fill: "rgba(220, 38, 38, 0.55)", paths: bars(1), points: { show: false } },
        { label: "Tension", scale: "t", stroke: COLORS.tension, width: 2.5, points: { show: true, size: 6, fill: "#fff" }, value: (u, v) => fmtNumber(v, 2) },
        { label: "Alert", scale: "t", stroke: COLORS.alert, fill: COLORS.alert, width: 0, paths: () => null,
          points: { show: true, size: 13, width: 2, stroke: "#b45309", fill: COLORS.alert }, value: (u, v) => (v == null ? "–" : "alert") },
      ],
      hooks: { drawClear: [alertBands] },
    };
    state.plot = new uPlot(opts, [xs, coop, conf, tension, alerts], box);
    box.dataset.drawn = "1";
  }

  function showStats(points, latest) {
    const sum = (f) => points.reduce((acc, p) => acc + f(p), 0);
    $("stat-events").textContent = String(sum((p) => p.events || 0));
    $("stat-coop").textContent = String(sum((p) => (p.quad1 || 0) + (p.quad2 || 0)));
    $("stat-conf").textContent = String(sum((p) => (p.quad3 || 0) + (p.quad4 || 0)));
    // The tension of the last period with events; an empty period has none (a gap, not 0).
    const withEvents = points.filter((p) => p.events > 0);
    const last = latest !== undefined ? latest : (withEvents.length ? withEvents[withEvents.length - 1].tension : null);
    $("stat-tension").textContent = last == null ? "–" : fmtNumber(last, 2);
    $("stat-alerts").textContent = String(points.filter((p) => p.alert).length);
  }

  function clearStats() {
    ["stat-events", "stat-coop", "stat-conf", "stat-tension", "stat-alerts"].forEach((id) => ($(id).textContent = "–"));
  }

  async function loadSeries() {
    const title = $("dyad-title");
    if (!state.a || !state.b) {
      title.textContent = "Pick a dyad";
      drawChart([]);
      return;
    }
    title.textContent = state.a + " ↔ " + state.b;
    const q = query({ freq: state.freq, start: state.start, end: state.end });
    try {
      const data = await api("/api/v1/dyads/" + encodeURIComponent(state.a) + "/" + encodeURIComponent(state.b) + "/series" + q);
      state.points = data.points;
      state.shownFreq = data.freq || state.freq;
      $("series-note").textContent = plural(data.points.length, state.shownFreq) +
        (data.points.length ? ", " + data.points[0].period + " to " + data.points[data.points.length - 1].period : "") +
        (data.note ? " (" + data.note + ")" : "");
      drawChart(data.points);
      showStats(data.points, data.latest_tension);
    } catch (e) {
      $("series-note").textContent = "";
      drawChart([], e.message);
      clearStats();
    }
  }

  function filters() {
    return {
      dyad: state.a && state.b ? state.a + "-" + state.b : "",
      start: state.start, end: state.end,
      category: $("f-category").value, quad_class: $("f-quad").value, status: $("f-status").value,
      q: $("f-q").value.trim(),
      // The table lists the events the chart counts (those with a day), or only the undated ones.
      dated: state.undated ? "false" : "true",
    };
  }

  async function showUndated() {
    const note = $("undated-note");
    const q = Object.assign(filters(), { dated: "false", limit: 1, start: "", end: "" });
    if (!q.dyad) { note.hidden = true; return; }
    try {
      const data = await api("/api/v1/events" + query(q));
      const n = data.total || 0;
      if (!n && !state.undated) { note.hidden = true; return; }
      const button = el("button", { type: "button", id: "undated-toggle" }, state.undated ? "show dated events" : "show them");
      button.addEventListener("click", () => { state.undated = !state.undated; state.next = null; loadEvents(false); });
      note.replaceChildren(
        state.undated
          ? "Showing the " + plural(n, "event") + " without a date (their articles had no publication date); they are in no chart or count above. "
          : plural(n, "more event") + " of this dyad " + (n === 1 ? "has" : "have") + " no date (the article had no publication date): not in the chart, the counts or this table. ",
        button);
      note.hidden = false;
    } catch (e) {
      note.hidden = true;
    }
  }

  function eventRow(ev) {
    // data-label: the column name, shown beside each value when the table is stacked on a phone.
    const tr = el("tr", { tabindex: "0", dataset: { eventId: ev.id }, class: ev.id === state.selected ? "selected" : null },
      el("td", { class: "nowrap", "data-label": "Date", title: ev.date ? "event date (" + ev.date_precision + ")" : (ev.day ? "no event date: the day it counts on (publication)" : "no date: the article had no publication date") },
        ev.date && ev.date.length === 10 ? ev.date : el("span", { class: "muted" }, ev.day || ev.date || "no date")),
      el("td", { "data-label": "Actor", title: entityWords(ev.actor) }, entityLabel(ev.actor)),
      el("td", { "data-label": "Event" }, el("span", { class: "ev-cat" }, eventLabel(ev))),
      el("td", { "data-label": "Recipient", title: entityWords(ev.recipient) }, entityLabel(ev.recipient)),
      el("td", { "data-label": "Quad" }, quadBadge(ev.quad_class)),
      el("td", { class: "num", "data-label": "Intensity" }, fmtNumber(ev.intensity)),
      el("td", { "data-label": "Status" }, ev.status));
    const open = () => selectEvent(ev, tr);
    tr.addEventListener("click", open);
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
    return tr;
  }

  async function loadEvents(append) {
    const tbody = $("events-table").querySelector("tbody");
    const q = Object.assign(filters(), { limit: 25 });
    if (append && state.next) q.cursor = state.next;
    if (!q.dyad) { tbody.replaceChildren(); $("events-count").textContent = ""; return; }
    try {
      const data = await api("/api/v1/events" + query(q));
      if (!append) tbody.replaceChildren();
      data.items.forEach((ev) => tbody.append(eventRow(ev)));
      if (!tbody.children.length) tbody.append(el("tr", null, el("td", { colspan: "7", class: "empty" }, "No events match.")));
      state.next = data.next;
      $("more").hidden = !data.next;
      const shown = tbody.querySelectorAll("tr[data-event-id]").length;
      const status = $("f-status").value;
      const what = (status === "asserted" ? "" : " (" + (status === "any" ? "any status" : status) + ")") + (state.undated ? " without a date" : "");
      $("events-count").textContent = (data.total != null ? shown + " of " + data.total : shown + " shown") + what;
      $("events-count").dataset.total = data.total != null ? String(data.total) : "";
    } catch (e) {
      tbody.replaceChildren(el("tr", null, el("td", { colspan: "7", class: "empty error" }, e.message)));
      $("events-count").textContent = "";
      $("more").hidden = true;
    }
    if (!append) await showUndated();
  }

  async function selectEvent(ev, row) {
    state.selected = ev.id;
    document.querySelectorAll("#events-table tr.selected").forEach((r) => r.classList.remove("selected"));
    if (row) row.classList.add("selected");
    const body = $("evidence-body");
    body.classList.remove("muted");
    body.replaceChildren(el("p", { class: "muted" }, "Loading the article…"));
    try {
      const data = await api("/api/v1/articles/" + encodeURIComponent(ev.article_id));
      const art = data.article;
      const stored = (art.events || []).find((e) => e.id === ev.id) || ev;
      const text = el("div", { class: "article-text evidence-text" }, highlight(art.text, eventSpans(art.text, stored)));
      const link = $("evidence-link");
      link.href = "/articles/" + encodeURIComponent(art.id) + query({ event: ev.id });
      link.hidden = false;
      body.replaceChildren(
        el("h3", null, articleHeading(art)),
        el("p", { class: "muted" }, [art.date, art.source, art.place].filter(Boolean).join(" · ")),
        el("div", { class: "hl-legend" }, el("span", { class: "hl-actor" }, "actor"), " ", el("span", { class: "hl-trigger" }, "event words"), " ",
          el("span", { class: "hl-recipient" }, "recipient"), " ", el("span", { class: "hl-sentence" }, "sentence")),
        el("p", { class: "evidence-summary" }, el("span", { class: "hl-actor" }, entityWords(stored.actor) || entityLabel(stored.actor)), " ",
          el("strong", null, eventLabel(stored)), " ", el("span", { class: "hl-recipient" }, entityWords(stored.recipient) || "—"),
          el("span", { class: "muted" }, "  · quad " + stored.quad_class + " · intensity " + fmtNumber(stored.intensity) + " · CAMEO " + stored.cameo)),
        text);
      const first = text.querySelector("mark.hl-sentence");
      if (first) text.scrollTop = Math.max(0, first.offsetTop - text.offsetTop - 40);
    } catch (e) {
      body.replaceChildren(el("p", { class: "error" }, e.message));
    }
  }

  function pushUrl() {
    const q = query({ a: state.a, b: state.b, start: state.start, end: state.end, freq: state.freq === "week" ? "" : state.freq });
    history.replaceState(null, "", "/" + q);
  }

  async function show() {
    pushUrl();
    syncSelect();
    state.next = null;
    state.undated = false;
    await Promise.all([loadSeries(), loadEvents(false)]);
  }

  function readForm() {
    state.a = $("a").value.trim().toUpperCase();
    state.b = $("b").value.trim().toUpperCase();
    state.start = $("start").value;
    state.end = $("end").value;
    state.freq = $("freq").value;
  }

  function writeForm() {
    $("a").value = state.a; $("b").value = state.b;
    $("start").value = state.start; $("end").value = state.end; $("freq").value = state.freq;
  }

  async function init() {
    CATEGORIES.forEach((c) => $("f-category").append(el("option", { value: c }, c)));
    const p = params();
    state.a = (p.get("a") || "").toUpperCase();
    state.b = (p.get("b") || "").toUpperCase();
    state.start = p.get("start") || "";
    state.end = p.get("end") || "";
    state.freq = ["day", "week", "month", "year"].includes(p.get("freq")) ? p.get("freq") : "week";
    const dyads = await loadDyads();
    if ((!state.a || !state.b) && dyads.length && dyads[0][0]) [state.a, state.b] = dyads[0];
    writeForm();
    $("dyad-select").addEventListener("change", (e) => {
      if (!e.target.value) return;
      [state.a, state.b] = e.target.value.split("-");
      writeForm();
      show();
    });
    $("dyad-form").addEventListener("submit", (e) => { e.preventDefault(); readForm(); show(); });
    $("event-filters").addEventListener("change", () => { state.next = null; loadEvents(false); });
    $("event-filters").addEventListener("submit", (e) => { e.preventDefault(); loadEvents(false); });
    let typing;
    $("f-q").addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(() => loadEvents(false), 300); });
    $("more").addEventListener("click", () => loadEvents(true));
    let resizing;
    window.addEventListener("resize", () => {
      clearTimeout(resizing);
      resizing = setTimeout(() => { if (state.plot) state.plot.setSize({ width: chartWidth(), height: 300 }); }, 150);
    });
    await show();
    document.body.dataset.ready = "1";
  }

  init();
})();
