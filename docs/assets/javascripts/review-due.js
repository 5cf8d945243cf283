/* Switch the "may be out of date" banner by today's date in the browser.
   The build decides first (the banner is hidden or shown in the HTML, which
   is what a reader without JavaScript sees); this corrects it when the site
   has not been rebuilt since the review date passed. Local, no requests. */
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function update() {
    var now = new Date();
    var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    var banners = document.querySelectorAll("[data-review-banner][data-review-due]");
    for (var i = 0; i < banners.length; i++) {
      /* ISO dates (YYYY-MM-DD) compare correctly as text. */
      banners[i].hidden = !(today > banners[i].getAttribute("data-review-due"));
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
