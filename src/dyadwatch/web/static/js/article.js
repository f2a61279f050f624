/* Article page: the text with one event's actor, event words and recipient highlighted. */
(function () {
  "use strict";
  const { api, el, toast, eventSpans, highlight, eventCard, params, articleHeading } = window.DW;
  const $ = (id) => document.getElementById(id);

  let article = null;

  function select(eventId) {
    const events = article.events || [];
    const ev = events.find((e) => e.id === eventId) || events[0];
    const box = $("article-text");
    box.replaceChildren(highlight(article.text, ev ? eventSpans(article.text, ev) : []));
    document.querySelectorAll("#article-events li").forEach((li) => li.classList.toggle("selected", !!ev && li.dataset.eventId === ev.id));
    const mark = box.querySelector("mark.hl-sentence");
    if (mark) mark.scrollIntoView({ block: "center" });
    if (ev) history.replaceState(null, "", window.location.pathname + "?event=" + encodeURIComponent(ev.id));
  }

  async function init() {
    const id = document.body.dataset.articleId;
    try {
      const data = await api("/api/v1/articles/" + encodeURIComponent(id));
      article = data.article;
    } catch (e) {
      $("article-text").replaceChildren(el("p", { class: "error" }, e.message));
      toast(e.message);
      return;
    }
    $("article-title").textContent = articleHeading(article);
    document.title = articleHeading(article) + " · dyadwatch";
    $("article-meta").textContent = [article.date || "no publication date", article.source, article.place, article.url].filter(Boolean).join(" · ");
    const list = $("article-events");
    (article.events || []).forEach((ev, i) => {
      const card = eventCard(ev, i + 1);
      card.tabIndex = 0;
      card.addEventListener("click", () => select(ev.id));
      list.append(card);
    });
    if (!(article.events || []).length) list.append(el("li", { class: "muted" }, "No events were coded in this article."));
    select(params().get("event"));
    document.body.dataset.ready = "1";
  }

  init();
})();
