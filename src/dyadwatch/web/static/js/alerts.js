/* Alerts page: current escalation alerts, each linking to its dyad and events. */
(function () {
  "use strict";
  const { api, el, toast, fmtNumber, params, query, plural } = window.DW;
  const $ = (id) => document.getElementById(id);

  const pick = (obj, names) => { for (const n of names) if (obj[n] !== undefined && obj[n] !== null) return obj[n]; return null; };

  function dyadOf(alert) {
    if (alert.actor && alert.recipient) return [alert.actor, alert.recipient];
    if (alert.a && alert.b) return [alert.a, alert.b];
    if (typeof alert.dyad === "string") return alert.dyad.split(/[-,:]/);
    if (Array.isArray(alert.dyad)) return alert.dyad;
    return ["?", "?"];
  }

  function addDays(day, n) {
    const d = new Date(day + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }

  function periodLast(period, freq) {
    if (freq === "day") return period;
    if (freq === "week") return addDays(period, 6);
    const d = new Date(period + "T00:00:00Z");
    if (freq === "year") d.setUTCFullYear(d.getUTCFullYear() + 1, 0, 1);
    else d.setUTCMonth(d.getUTCMonth() + 1);
    d.setUTCDate(0);
    return d.toISOString().slice(0, 10);
  }

  function row(alert) {
    const [a, b] = dyadOf(alert);
    const period = pick(alert, ["period", "start", "date"]) || "";
    const freq = alert.freq || "week";
    const last = periodLast(period, freq);
    const ids = Array.isArray(alert.event_ids) ? alert.event_ids : [];
    const link = "/" + query({ a: a, b: b, start: addDays(period, { day: -14, week: -70, month: -180, year: -3 * 365 }[freq] || -70), end: last, freq: freq === "week" ? "" : freq });
    const events = ids.length
      ? el("details", null, el("summary", null, plural(ids.length, "event")),
          el("ul", { class: "alert-events" }, ids.map((id) => el("li", null, el("a", { href: "/events/" + encodeURIComponent(id) }, id)))))
      : el("span", { class: "muted" }, String(pick(alert, ["conflict_events"]) ?? "–"));
    return el("tr", { dataset: { dyad: a + "-" + b } },
      el("td", { "data-label": "Dyad" }, el("strong", null, a + " ↔ " + b)),
      el("td", { class: "nowrap", "data-label": "Period" }, period + (last !== period ? " – " + last : "") + " ", el("span", { class: "muted" }, "(" + freq + ")")),
      el("td", { class: "num conf", "data-label": "Conflict intensity" }, fmtNumber(pick(alert, ["observed", "conflict", "value"]), 1)),
      el("td", { class: "num", "data-label": "Baseline" }, fmtNumber(pick(alert, ["baseline"]), 1)),
      el("td", { class: "num", "data-label": "Score" }, el("strong", null, fmtNumber(pick(alert, ["score"]), 2))),
      el("td", { "data-label": "Events" }, events),
      el("td", { "data-label": "" }, el("a", { href: link }, "view dyad →")));
  }

  function current() {
    const freq = $("al-freq").value;
    return { dyad: $("al-dyad").value.trim().toUpperCase(), start: $("al-start").value, end: $("al-end").value,
             freq: freq === "week" ? "" : freq };
  }

  async function load() {
    const filters = current();
    const q = query(filters);
    // The URL holds the filter, so a filtered list can be reloaded, bookmarked and shared.
    history.replaceState(null, "", "/alerts" + q);
    const tbody = $("alerts-table").querySelector("tbody");
    try {
      const data = await api("/api/v1/alerts" + q);
      tbody.replaceChildren(...data.items.map(row));
      if (!data.items.length) tbody.append(el("tr", null, el("td", { colspan: "7", class: "empty" }, "No alerts: every dyad is within its normal range.")));
      $("alerts-count").textContent = plural(data.items.length, "alert");
    } catch (e) {
      tbody.replaceChildren(el("tr", null, el("td", { colspan: "7", class: "empty error" }, e.message)));
      $("alerts-count").textContent = "";
    }
    document.body.dataset.ready = "1";
  }

  const p = params();
  $("al-dyad").value = p.get("dyad") || "";
  $("al-start").value = p.get("start") || "";
  $("al-end").value = p.get("end") || "";
  $("al-freq").value = ["day", "week", "month", "year"].includes(p.get("freq")) ? p.get("freq") : "week";
  $("alert-filters").addEventListener("submit", (e) => { e.preventDefault(); load(); });
  $("al-freq").addEventListener("change", load);
  load();
})();
