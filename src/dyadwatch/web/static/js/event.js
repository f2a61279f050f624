/* /events/{id}: look the event up and open its first article with the event highlighted. */
(function () {
  "use strict";
  const { api, el } = window.DW;
  const id = document.body.dataset.eventId;
  api("/api/v1/events/" + encodeURIComponent(id))
    .then((data) => {
      window.location.replace("/articles/" + encodeURIComponent(data.event.article_id) + "?event=" + encodeURIComponent(id));
    })
    .catch((e) => {
      document.getElementById("event-status").replaceChildren(el("span", { class: "error" }, e.message));
    });
})();
