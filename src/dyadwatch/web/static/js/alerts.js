/* Alerts page: current escalation alerts, each linking to its dyad and events. */
(function () {
  "use strict";
  const { api, el, toast, fmtNumber, params, query } = window.DW;
  const $ = (id) => document.getElementById(id);

  const pick = (obj, names) => { for (const n of names) if (obj[n] !== undefined && obj[n] !== null) return obj[n]; return null; };

  function dyadOf(alert) {
    if (alert.actor && alert.recipient) return [alert.actor, alert.recipient];
    if (alert.a && alert.b) return [alert.a, alert.b];
    if (typeof alert.dyad === "string") return alert.dyad.split(/[-,:]/);
    if (Array.isArray(alert.dyad)) return alert.dyad;
    return ["?", "?"];
  }

  function row(alert) {
    const [a, b] = dyadOf(alert);
    const period = pick(alert, ["period", "start", "date"]) || "";
    const periodEnd = pick(alert, ["period_end", "end"]);
    const events = pick(alert, ["event_ids", "events"]);
    const n = Array.isArray(events) ? events.length : events;
    const link = "/" + query({ a: a, b: b, start: pick(alert, ["window_start", "baseline_start"]) || "", end: periodEnd || "" });
    return el("tr", { dataset: { dyad: a + "-" + b } },
      el("td", null, el("strong", null, a + " ↔ " + b)),
      el("td", { class: "nowrap" }, period + (periodEnd && periodEnd !== period ? " – " + periodEnd : "")),
      el("td", { class: "num conf" }, fmtNumber(pick(alert, ["conflict", "conflict_intensity", "value", "observed"]), 1)),
      el("td", { class: "num" }, fmtNumber(pick(alert, ["baseline", "baseline_mean", "expected"]), 1)),
      el("td", { class: "num" }, fmtNumber(pick(alert, ["score", "z", "zscore"]), 2)),
      el("td", null, n != null ? String(n) : "–"),
      el("td", null, el("a", { href: link }, "view dyad →")));
  }

  async function load() {
    const q = query({ dyad: $("al-dyad").value.trim().toUpperCase(), start: $("al-start").value, end: $("al-end").value });
    const tbody = $("alerts-table").querySelector("tbody");
    try {
      const data = await api("/api/v1/alerts" + q);
      tbody.replaceChildren(...data.items.map(row));
      if (!data.items.length) tbody.append(el("tr", null, el("td", { colspan: "7", class: "empty" }, "No alerts: every dyad is within its normal range.")));
      $("alerts-count").textContent = data.items.length + " alert" + (data.items.length === 1 ? "" : "s");
    } catch (e) {
      toast(e.message);
    }
    document.body.dataset.ready = "1";
  }

  const p = params();
  $("al-dyad").value = p.get("dyad") || "";
  $("al-start").value = p.get("start") || "";
  $("al-end").value = p.get("end") || "";
  $("alert-filters").addEventListener("submit", (e) => { e.preventDefault(); load(); });
  load();
})();
