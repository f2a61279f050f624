/* Paste-and-code page: code a pasted article (nothing stored) and show its events in the text. */
(function () {
  "use strict";
  const { api, el, toast, eventSpans, highlight, eventCard } = window.DW;
  const $ = (id) => document.getElementById(id);

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

  async function submit(e) {
    e.preventDefault();
    const text = $("code-text").value;
    if (!text.trim()) { toast("Paste a text first."); return; }
    const body = { text: text };
    if ($("code-date").value) body.date = $("code-date").value;
    $("code-submit").disabled = true;
    $("code-status").textContent = "coding…";
    try {
      result = await api("/api/v1/code", { method: "POST", body: body });
    } catch (err) {
      toast(err.message);
      $("code-status").textContent = "";
      $("code-submit").disabled = false;
      return;
    }
    $("code-submit").disabled = false;
    $("code-status").textContent = "";
    $("code-result").hidden = false;
    $("code-count").textContent = result.count + " event" + (result.count === 1 ? "" : "s");
    const list = $("code-events");
    list.replaceChildren();
    result.events.forEach((ev, i) => {
      const card = eventCard(ev, i + 1);
      card.tabIndex = 0;
      card.addEventListener("click", () => render(i));
      card.addEventListener("mouseenter", () => render(i));
      list.append(card);
    });
    if (!result.events.length) list.append(el("li", { class: "muted" }, "No events found. The coder looks for who did what to whom between countries or organisations, e.g. “China protested to Japan”."));
    render(result.events.length ? 0 : -1);
    document.body.dataset.coded = String(result.count);
  }

  $("code-form").addEventListener("submit", submit);
  $("code-example").addEventListener("click", () => {
    $("code-text").value = EXAMPLE;
    $("code-date").value = "2025-03-03";
  });
  document.body.dataset.ready = "1";
})();
