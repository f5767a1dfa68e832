/* Import review: follow the background reading; save each corrected field as soon as it changes; before
   publishing or changing the list of measures, wait until every save is done; show a refused value at its
   field and in the error summary at the top (the GOV.UK pattern). */
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
          var note = document.getElementById("progress-text");
          if (note && data.text) { note.textContent = data.text; }
          if (data.status === "ready" || data.status === "failed") { window.location.reload(); return; }
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 2000); });
    };
    window.setTimeout(poll, 1000);
    return;
  }

  var state = document.getElementById("save-state");
  var summary = document.getElementById("error-summary");
  var summaryList = document.getElementById("error-summary-list");
  var inFlight = [];
  var dirty = [];

  function labelOf(field) {
    var label = document.querySelector("label[for='" + field.id + "']");
    var text = label ? label.childNodes[0].textContent.trim() : field.name;
    var measure = field.closest("[data-measure]");
    if (measure) {
      var legend = measure.querySelector("legend");
      text = (legend ? legend.childNodes[0].textContent.trim() : "") + ", " + text;
    }
    return text;
  }

  function showError(field, message) {
    field.setAttribute("aria-invalid", "true");
    var id = "err-" + field.name;
    var note = document.getElementById(id);
    if (!note) {
      note = document.createElement("span");
      note.className = "field-error";
      note.id = id;
      field.parentNode.insertBefore(note, field);
    }
    note.textContent = message;
    field.setAttribute("aria-describedby", id);
    field.closest("label, p").classList.add("has-error");
    if (summary && summaryList) {
      var item = document.getElementById("sum-" + field.name);
      if (!item) {
        item = document.createElement("li");
        item.id = "sum-" + field.name;
        var link = document.createElement("a");
        link.href = "#" + field.id;
        item.appendChild(link);
        summaryList.appendChild(item);
      }
      item.firstChild.textContent = labelOf(field) + ": " + message;
      summary.hidden = false;
    }
  }

  function clearError(field) {
    var note = document.getElementById("err-" + field.name);
    if (note) { note.parentNode.removeChild(note); }
    field.removeAttribute("aria-describedby");
    var box = field.closest("label, p");
    if (box) { box.classList.remove("has-error"); }
    var item = document.getElementById("sum-" + field.name);
    if (item) { item.parentNode.removeChild(item); }
    if (summary && summaryList && !summaryList.children.length) { summary.hidden = true; }
  }

  function save(field) {
    var body = new URLSearchParams();
    body.append("field", field.name);
    body.append("value", field.value);
    body.append("revision", root.getAttribute("data-revision"));
    field.setAttribute("data-saving", "1");
    field.removeAttribute("data-saved");
    var done = fetch(root.getAttribute("data-save-url"), {
      method: "POST", credentials: "same-origin", body: body,
      headers: {"X-CSRFToken": csrfToken(), "Content-Type": "application/x-www-form-urlencoded"}
    }).then(function (r) { return r.json().then(function (data) { return {ok: r.ok, data: data}; }); })
      .then(function (result) {
        field.removeAttribute("data-saving");
        if (result.ok) {
          field.removeAttribute("aria-invalid");
          field.setAttribute("data-saved", "1");
          clearError(field);
          if (state) { state.textContent = "✓"; }
          return true;
        }
        showError(field, result.data.error || "!");
        if (state) { state.textContent = result.data.error || "!"; }
        return false;
      })
      .catch(function () { field.removeAttribute("data-saving"); showError(field, "!"); return false; });
    inFlight.push(done);
    done.then(function () { inFlight.splice(inFlight.indexOf(done), 1); });
    return done;
  }

  /* Save what was typed but not yet saved, then wait for every save; resolves to true when all were kept. */
  function flush() {
    dirty.splice(0).forEach(function (field) { save(field); });
    return Promise.all(inFlight.slice()).then(function (results) {
      return results.every(function (ok) { return ok; });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-save]"), function (field) {
    field.addEventListener("input", function () { if (dirty.indexOf(field) < 0) { dirty.push(field); } });
    field.addEventListener("change", function () {
      var at = dirty.indexOf(field);
      if (at >= 0) { dirty.splice(at, 1); }
      save(field);
    });
  });

  function refusedAny() {
    return summary && summaryList && summaryList.querySelector("li[id^='sum-']");
  }

  /* Publishing and changing the list of measures wait for the saves; a refused value stops them. */
  Array.prototype.forEach.call(document.querySelectorAll("#publish-form, form.review-measure"), function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-flushed") === "1") { return; }
      event.preventDefault();
      var button = event.submitter;
      if (button && button.hasAttribute("data-delete") && !window.confirm(root.getAttribute("data-confirm-delete"))) {
        return;
      }
      if (button && button.hasAttribute("data-split")) {
        var text = form.querySelector("textarea[name$='.text']");
        form.querySelector("input[name=split_at]").value = text && text.selectionStart ? text.selectionStart : "";
      }
      flush().then(function () {
        if (form.id === "publish-form" && refusedAny()) {
          summary.focus();
          return;
        }
        form.setAttribute("data-flushed", "1");
        if (button && button.name) {
          var hidden = document.createElement("input");
          hidden.type = "hidden";
          hidden.name = button.name;
          hidden.value = button.value;
          form.appendChild(hidden);
        }
        form.submit();
      });
    });
  });

  /* Ticking a name the registry does not know is saved at once too. */
  var institutions = document.getElementById("institutions");
  if (institutions) {
    institutions.addEventListener("change", function () {
      fetch(institutions.action, {
        method: "POST", credentials: "same-origin", body: new URLSearchParams(new FormData(institutions)),
        headers: {"X-CSRFToken": csrfToken(), "X-Requested-With": "fetch"}
      }).then(function (r) { if (state && r.ok) { state.textContent = "✓"; } });
    });
  }

  if (summary && !summary.hidden && window.location.hash === "") { summary.focus(); }
})();
