/* Paste-and-code page: code a pasted article (nothing stored) and show its events in the text. */
(function () {
  "use strict";
  const { api, el, toast, eventSpans, highlight, eventCard, plural } = window.DW;
  const $ = (id) => document.getElementById(id);
  // The API's limit, checked here before anything is sent.
  const MAX_CHARS = Number($("code-config").dataset.maxChars) || 200000;

  // Written for this page: a short wire-style article with several kinds of event.
  const EXAMPLE = [
    "TOKYO, March 3 - Japan's Foreign Ministry lodged a protest with China on Monday over a coast guard incident near disputed islands.",
    "",
    "Chinese Foreign Minister Wang Yi urged Tokyo to withdraw the statement and said Beijing would not accept the accusation.",
    "",
    "Later in the week, South Korea and Japan held talks in Seoul on trade, and the European Union pledged humanitarian aid to Myanmar.",
  ].join("\n");

  let result = null;

  function render(selectedIndex) {
    const text = result.text;
    let spans = [];
    result.events.forEach((ev, i) => {
      const own = eventSpans(text, ev, { sentence: i === selectedIndex, marker: i + 1, tag: " [event " + (i + 1) + "]" });
      spans = spans.concat(own);
    });
    $("code-marked").replaceChildren(highlight(text, spans));
    document.querySelectorAll("#code-events li").forEach((li, i) => li.classList.toggle("selected", i === selectedIndex));
  }

  function showLength() {
    const n = $("code-text").value.length;
    const box = $("code-length");
    box.classList.toggle("error", n > MAX_CHARS);
    box.textContent = n > MAX_CHARS
      ? n.toLocaleString("en") + " characters: more than the " + MAX_CHARS.toLocaleString("en") + " one text may have; split it."
      : n ? n.toLocaleString("en") + " of at most " + MAX_CHARS.toLocaleString("en") + " characters" : "";
  }

  function dateNote(r) {
    if (r.published_from === "request") return "Publication date " + r.published + " (as given): relative dates such as “on Monday” count from it.";
    if (r.published_from === "dateline") return "No date given: assumed " + r.published + ", read from the dateline; relative dates count from it.";
    return "No date given and none in a dateline: no date assumed, so relative dates such as “on Monday” stay unresolved. Set Published to date them.";
  }

  async function submit(e) {
    e.preventDefault();
    const text = $("code-text").value;
    if (!text.trim()) { toast("Paste a text first."); return; }
    if (text.length > MAX_CHARS) {
      // Refused here: nothing is sent.
      showLength();
      toast("The text has " + text.length.toLocaleString("en") + " characters; at most " + MAX_CHARS.toLocaleString("en") + " can be coded at once. Split it.");
      return;
    }
    const body = { text: text };
    if ($("code-date").value) body.date = $("code-date").value;
    $("code-submit").disabled = true;
    const started = Date.now();
    const words = (text.match(/\S+/g) || []).length;
    const tick = () => {
      const s = Math.round((Date.now() - started) / 1000);
      $("code-status").textContent = "coding " + words.toLocaleString("en") + " words… " + s + " s";
    };
    tick();
    const timer = setInterval(tick, 1000);
    try {
      result = await api("/api/v1/code", { method: "POST", body: body });
    } catch (err) {
      toast(err.message);
      $("code-status").textContent = "";
      $("code-submit").disabled = false;
      return;
    } finally {
      clearInterval(timer);
    }
    $("code-submit").disabled = false;
    $("code-status").textContent = "done in " + ((Date.now() - started) / 1000).toFixed(1) + " s";
    $("code-result").hidden = false;
    $("code-count").textContent = plural(result.count, "event");
    $("code-date-note").textContent = dateNote(result);
    const lang = $("code-language");
    lang.hidden = !result.note;
    lang.textContent = result.note ? result.note.replace(/^\[DW\d+\] /, "") : "";
    const list = $("code-events");
    list.replaceChildren();
    result.events.forEach((ev, i) => {
      const card = eventCard(ev, i + 1);
      card.tabIndex = 0;
      card.addEventListener("click", () => render(i));
      card.addEventListener("mouseenter", () => render(i));
      list.append(card);
    });
    if (!result.events.length && !result.note) list.append(el("li", { class: "muted" }, "No events found. The coder looks for who did what to whom between countries or organisations, e.g. “China protested to Japan”."));
    render(result.events.length ? 0 : -1);
    document.body.dataset.coded = String(result.count);
  }

  $("code-form").addEventListener("submit", submit);
  $("code-text").addEventListener("input", showLength);
  $("code-example").addEventListener("click", () => {
    $("code-text").value = EXAMPLE;
    $("code-date").value = "2025-03-03";
    showLength();
  });
  document.body.dataset.ready = "1";
})();
