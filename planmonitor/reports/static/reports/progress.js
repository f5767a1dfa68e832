/* Poll a generated report's progress and reveal the download link when it is ready. No dependencies. */
(function () {
  "use strict";
  var box = document.querySelector("[data-progress-url]");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var label = box.querySelector("[data-status]");
  var link = box.querySelector("[data-download]");
  var error = box.querySelector("[data-error]");
  var retry = box.querySelector("[data-retry]");
  function poll() {
    fetch(box.getAttribute("data-progress-url"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (d) {
        bar.value = d.progress;
        bar.textContent = d.progress + " %";
        label.textContent = d.status_label + " (" + d.progress + " %)";
        if (d.status === "done" && d.download) {
          link.hidden = false;
          return;
        }
        if (d.status === "failed") {
          error.hidden = false;
          error.textContent = d.error;
          if (retry) { retry.hidden = false; }
          return;
        }
        window.setTimeout(poll, 700);
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  poll();
})();
