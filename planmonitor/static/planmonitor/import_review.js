/* Import review: follow the background reading, and save each corrected field as soon as it changes. */
(function () {
  "use strict";
  var root = document.getElementById("import-review");
  if (!root) { return; }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) { return input.value; }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  var status = root.getAttribute("data-status");
  if (status === "pending" || status === "parsing") {
    var bar = document.getElementById("progress");
    var poll = function () {
      fetch(root.getAttribute("data-progress-url"), {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (bar) { bar.value = data.progress; bar.textContent = data.progress + "%"; }
          if (data.status === "ready" || data.status === "failed") { window.location.reload(); return; }
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 2000); });
    };
    window.setTimeout(poll, 1000);
    return;
  }

  var state = document.getElementById("save-state");
  var pending = 0;
  function save(field) {
    var body = new URLSearchParams();
    body.append("field", field.name);
    body.append("value", field.value);
    pending += 1;
    field.setAttribute("data-saving", "1");
    return fetch(root.getAttribute("data-save-url"), {
      method: "POST", credentials: "same-origin", body: body,
      headers: {"X-CSRFToken": csrfToken(), "Content-Type": "application/x-www-form-urlencoded"}
    }).then(function (r) { return r.json().then(function (data) { return {ok: r.ok, data: data}; }); })
      .then(function (result) {
        field.removeAttribute("data-saving");
        if (result.ok) {
          field.removeAttribute("aria-invalid");
          field.setAttribute("data-saved", "1");
          if (state) { state.textContent = state.getAttribute("data-saved") || "✓"; }
        } else {
          field.setAttribute("aria-invalid", "true");
          if (state) { state.textContent = result.data.error || "!"; }
        }
      })
      .catch(function () { field.removeAttribute("data-saving"); })
      .then(function () { pending -= 1; });
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-save]"), function (field) {
    field.addEventListener("change", function () { save(field); });
  });
})();
