/* dyadwatch dashboard: shared helpers. Reads the JSON API only; builds DOM nodes
   (never innerHTML with data), so article text cannot inject markup. */
(function () {
  "use strict";

  const QUADS = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
  };

  /** Fetch JSON from the API; throws an Error carrying the envelope's message. */
  async function api(path, options) {
    const opts = Object.assign({ headers: {} }, options || {});
    if (opts.body && typeof opts.body !== "string") {
      opts.body = JSON.stringify(opts.body);
      opts.headers["Content-Type"] = "application/json";
    }
    const token = sessionStorage.getItem("dyadwatch-token");
    if (token) opts.headers["Authorization"] = "Bearer " + token;
    let resp;
    try {
      resp = await fetch(path, opts);
    } catch (e) {
      throw new Error("the server cannot be reached");
    }
    let data = null;
    try {
      data = await resp.json();
    } catch (e) {
      throw new Error("the server answered HTTP " + resp.status + " without a message; try again, or see the server log");
    }
    if (!resp.ok || !data || data.ok !== true) {
      const err = new Error((data && data.error) || "HTTP " + resp.status);
      err.status = resp.status;
      throw err;
    }
    return data;
  }

  /** el("td", {class: "x", title: "y"}, child, "text", ...) */
  function el(tag, attrs) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === null || v === undefined || v === false) continue;
        if (k === "class") node.className = v;
        else if (k === "text") node.textContent = v;
        else if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
        else if (k === "dataset") Object.assign(node.dataset, v);
        else node.setAttribute(k, v === true ? "" : v);
      }
    }
    for (let i = 2; i < arguments.length; i++) {
      const child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      if (Array.isArray(child)) child.forEach((c) => c != null && node.append(c));
      else node.append(child);
    }
    return node;
  }

  function toast(message) {
    const box = document.getElementById("toast");
    if (!box) return;
    box.textContent = message;
    box.hidden = false;
    clearTimeout(toast._t);
    toast._t = setTimeout(() => (box.hidden = true), 6000);
  }

  function entityLabel(list) {
    if (!list || !list.length) return "—";
    return list.map((e) => (e.code || "\u201c" + (e.text || "?") + "\u201d") + (e.sector ? " " + e.sector : "")).join(", ");
  }

  function entityWords(list) {
    if (!list || !list.length) return "";
    return list.map((e) => e.text || e.name || e.code).join(", ");
  }

  function eventLabel(ev) {
    const mode = ev.mode && ev.mode.length ? " · " + ev.mode.join(", ") : "";
    return ev.event + mode;
  }

  function quadBadge(q) {
    return el("span", { class: "quad quad-" + q, title: QUADS[q] || "" }, String(q));
  }

  /**
   * The offset the event's spans must be shifted by to land in `text`.
   * Offsets refer to the text the coder saw; if the evidence sentence is not at
   * its offset (the coder normalised the text), find the sentence and shift.
   */
  function evidenceShift(text, evidence) {
    if (!evidence || evidence.start == null) return 0;
    if (text.slice(evidence.start, evidence.end) === evidence.text) return 0;
    const at = text.indexOf(evidence.text);
    return at >= 0 ? at - evidence.start : null;
  }

  /** Highlight spans of one event: [{start, end, cls, title}] in article coordinates. */
  function eventSpans(text, ev, options) {
    const opts = options || {};
    const spans = [];
    const evidence = (ev.evidence || [])[0];
    const shift = evidenceShift(text, evidence);
    if (shift === null) return spans;
    const tag = opts.tag || "";
    if (evidence && opts.sentence !== false) {
      spans.push({ start: evidence.start + shift, end: evidence.end + shift, cls: "hl-sentence" });
    }
    const add = (list, cls, role) => {
      (list || []).forEach((e) => {
        if (e.start == null || e.end == null) return;
        spans.push({ start: e.start + shift, end: e.end + shift, cls: cls,
                     title: role + ": " + (e.code || "no country code") + (e.sector ? " " + e.sector : "") + (e.name ? " (" + e.name + ")" : "") + tag });
      });
    };
    add(ev.actor, "hl-actor", "actor");
    if (evidence && evidence.trigger_start != null) {
      spans.push({ start: evidence.trigger_start + shift, end: evidence.trigger_end + shift, cls: "hl-trigger",
                   title: "event: " + eventLabel(ev) + " (CAMEO " + ev.cameo + ")" + tag, marker: opts.marker });
    }
    add(ev.recipient, "hl-recipient", "recipient");
    return spans;
  }

  /**
   * Render `text` with spans highlighted. Overlapping spans are split at every
   * boundary; each piece gets the classes of all spans covering it.
   */
  function highlight(text, spans) {
    const frag = document.createDocumentFragment();
    const valid = spans.filter((s) => s.start >= 0 && s.end <= text.length && s.end > s.start);
    const cuts = new Set([0, text.length]);
    valid.forEach((s) => { cuts.add(s.start); cuts.add(s.end); });
    const points = Array.from(cuts).sort((a, b) => a - b);
    for (let i = 0; i < points.length - 1; i++) {
      const a = points[i], b = points[i + 1];
      const piece = text.slice(a, b);
      const covering = valid.filter((s) => s.start <= a && s.end >= b);
      if (!covering.length) { frag.append(piece); continue; }
      const classes = Array.from(new Set(covering.map((s) => s.cls))).join(" ");
      const titles = covering.map((s) => s.title).filter(Boolean);
      const node = el("mark", { class: classes, title: titles.length ? titles.join("\n") : null }, piece);
      frag.append(node);
      covering.forEach((s) => {
        if (s.marker && s.end === b) frag.append(el("sup", { class: "ev-marker" }, String(s.marker)));
      });
    }
    return frag;
  }

  function fmtNumber(x, digits) {
    if (x === null || x === undefined || Number.isNaN(x)) return "–";
    return Number(x).toFixed(digits === undefined ? 1 : digits);
  }

  function params() {
    return new URLSearchParams(window.location.search);
  }

  function query(obj) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(obj)) if (v !== "" && v !== null && v !== undefined) q.set(k, v);
    const s = q.toString();
    return s ? "?" + s : "";
  }

  /** "3 events", "1 event". */
  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  /** The date of an event for people: "2025-11-17", "2025-11 (month)", "unknown". */
  function dateText(ev) {
    if (!ev.date) return ev.day ? ev.day + " (publication day)" : "unknown";
    return ev.date_precision && ev.date_precision !== "day" && ev.date_precision !== "unknown"
      ? ev.date + " (" + ev.date_precision + ")" : ev.date;
  }

  /** A heading for an article: its title, else its first sentence, else its file name, else its id. */
  function articleHeading(art) {
    if (art.title && art.title.trim()) return art.title.trim();
    const text = (art.text || "").trim();
    if (text) {
      const m = text.match(/^[\s\S]{1,160}?[.!?](?=\s|$)/);
      const first = (m ? m[0] : text.slice(0, 120) + (text.length > 120 ? "…" : "")).replace(/\s+/g, " ");
      if (first) return first;
    }
    if (art.origin && art.origin !== "api") return String(art.origin).split(/[\\/]/).pop();
    return art.id;
  }

  /** A short explanation card of one event (used by the article and code pages). */
  function eventCard(ev, index) {
    const evidence = (ev.evidence || [])[0];
    const who = entityWords(ev.actor) || entityLabel(ev.actor);
    const whom = entityWords(ev.recipient) || entityLabel(ev.recipient);
    return el("li", { class: "event-card", dataset: { eventId: ev.id } },
      el("div", { class: "event-line" },
        index != null ? el("span", { class: "ev-num" }, String(index)) : null,
        el("span", { class: "hl-actor" }, who), " ",
        el("span", { class: "ev-cat" }, eventLabel(ev)), " ",
        whom ? el("span", { class: "hl-recipient" }, whom) : el("span", { class: "muted" }, "(no recipient)")),
      el("dl", { class: "event-facts" },
        el("dt", null, "actor"), el("dd", null, entityLabel(ev.actor)),
        el("dt", null, "recipient"), el("dd", null, entityLabel(ev.recipient)),
        el("dt", null, "PLOVER"), el("dd", null, eventLabel(ev) + (ev.context && ev.context.length ? " (" + ev.context.join(", ") + ")" : "")),
        el("dt", null, "CAMEO"), el("dd", null, ev.cameo || "–"),
        el("dt", null, "quad class"), el("dd", null, quadBadge(ev.quad_class), " " + (QUADS[ev.quad_class] || "")),
        el("dt", null, "intensity"), el("dd", null, fmtNumber(ev.intensity)),
        el("dt", null, "status"), el("dd", null, ev.status),
        el("dt", null, "date"), el("dd", null, dateText(ev)),
        ev.location ? el("dt", null, "place") : null, ev.location ? el("dd", null, ev.location.name) : null,
        ev.attribution ? el("dt", null, "according to") : null, ev.attribution ? el("dd", null, ev.attribution.text) : null,
        ev.pattern_id ? el("dt", null, "pattern") : null, ev.pattern_id ? el("dd", null, el("code", null, ev.pattern_id)) : null,
        evidence && evidence.trigger_start != null ? el("dt", null, "event words") : null,
        evidence && evidence.trigger_start != null ? el("dd", null, "“" + evidence.text.slice(evidence.trigger_start - evidence.start, evidence.trigger_end - evidence.start) + "”") : null));
  }

  window.DW = { QUADS, api, el, toast, entityLabel, entityWords, eventLabel, quadBadge, eventSpans,
                highlight, evidenceShift, fmtNumber, params, query, eventCard, plural, dateText, articleHeading };
})();
