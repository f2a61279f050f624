/* /docs: Swagger UI over /openapi.json, started from this file (no inline script, so the
   page keeps the strict Content-Security-Policy). */
(function () {
  "use strict";
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: false,
    tryItOutEnabled: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
  document.body.dataset.ready = "1";
})();
