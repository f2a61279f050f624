/* Alerts page, live: polls the alerts API and puts alerts that arrive after the page opened
   (a watcher coding new articles, see docs/watch.md) at the top of the table, marked new,
   with their driving events and the evidence sentences. Reads the JSON API only. */
(function () {
  "use strict";
  const { api, el, fmtNumber, query } = window.DW;
  const POLL_MS = 3000;
  const EVIDENCE_EVENTS = 3;
  const known = new Set();
  let primed = false;
  let busy = false;

  const keyOf = (a) => [].concat(a.dyad || []).join("-") + "|" + a.period + "|" + (a.freq || "week");
  const $ = (id) => document.getElementById(id);

  function status(text) {
    let node = $("alerts-live");
    if (!node) {
      node = el("span", { id: "alerts-live", class: "muted" });
      const head = $("alerts-count");
      if (head && head.parentNode) head.parentNode.append(node);
    }
    node.textContent = text;
  }

  async function evidence(ids) {
    const items = [];
    for (const id of ids.slice(0, EVIDENCE_EVENTS)) {
      try {
        const ev = (await api("/api/v1/events/" + encodeURIComponent(id))).event;
        const report = (ev.reports || [])[0] || {};
        const span = (report.evidence || ev.evidence || [])[0] || {};
        items.push(el("li", null,
          el("a", { href: "/events/" + encodeURIComponent(id) }, ev.event + " " + (ev.day || "")), " ",
          el("q", { class: "evidence" }, span.text || "")));
      } catch (e) {
        items.push(el("li", null, el("a", { href: "/events/" + encodeURIComponent(id) }, id)));
      }
    }
    return el("ul", { class: "alert-events alert-evidence" }, items);
  }

  async function newRow(alert) {
    const dyad = [].concat(alert.dyad || ["?", "?"]);
    const ids = Array.isArray(alert.event_ids) ? alert.event_ids : [];
    return el("tr", { class: "alert-new", dataset: { dyad: dyad.join("-"), period: alert.period, live: "new" } },
      el("td", null, el("strong", null, dyad[0] + " ↔ " + dyad[1]), " ", el("span", { class: "badge-new" }, "new")),
      el("td", { class: "nowrap" }, alert.period + " ", el("span", { class: "muted" }, "(" + (alert.freq || "week") + ")")),
      el("td", { class: "num conf" }, fmtNumber(alert.observed, 1)),
      el("td", { class: "num" }, fmtNumber(alert.baseline, 1)),
      el("td", { class: "num" }, el("strong", null, fmtNumber(alert.score, 2))),
      el("td", null, ids.length + " driving event" + (ids.length === 1 ? "" : "s"), await evidence(ids)),
      el("td", null, el("a", { href: "/" + query({ a: dyad[0], b: dyad[1] }) }, "view dyad →")));
  }

  async function poll() {
    if (busy) return;
    busy = true;
    try {
      const q = query({ dyad: ($("al-dyad").value || "").trim().toUpperCase(), start: $("al-start").value, end: $("al-end").value });
      const data = await api("/api/v1/alerts" + q);
      const fresh = data.items.filter((a) => !known.has(keyOf(a)));
      data.items.forEach((a) => known.add(keyOf(a)));
      if (primed && fresh.length) {
        const tbody = $("alerts-table").querySelector("tbody");
        const empty = tbody.querySelector("td.empty");
        if (empty) empty.parentNode.remove();
        for (const alert of fresh.reverse()) tbody.prepend(await newRow(alert));
      }
      primed = true;
      status("· live, checked " + new Date().toLocaleTimeString());
    } catch (e) {
      status("· live updates paused: " + e.message);
    } finally {
      busy = false;
      document.body.dataset.live = "1";
    }
  }

  poll();
  setInterval(poll, POLL_MS);
})();
