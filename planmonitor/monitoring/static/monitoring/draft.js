/* Keep a local copy of a report form while it is typed, so that nothing typed is lost
   (a closed tab, a lost connection, a session that expired). The copy lives in this
   browser's localStorage only, under the signed-in person and the form's data-draft-key;
   it is offered back when the same person opens the form again with different content,
   and dropped once the server has the report (a page that carries a newer data-version
   than the copy).

   Municipal computers are shared: a copy is only ever offered to the person who typed it
   (the key carries their user id, data-draft-user), and logging out (any form marked
   data-logout, on every signed-in page) removes every copy this site kept in the browser. */
(function () {
  "use strict";
  var PREFIX = "planmonitor:";
  var storage = null;
  try { storage = window.localStorage; } catch (e) { storage = null; }  // blocked storage throws
  if (!storage) { return; }

  function forgetAll() {
    var keys = [];
    for (var i = 0; i < storage.length; i += 1) {
      var k = storage.key(i);
      if (k && k.indexOf(PREFIX) === 0) { keys.push(k); }
    }
    keys.forEach(function (k) { storage.removeItem(k); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("form[data-logout]"), function (logout) {
    logout.addEventListener("submit", forgetAll);
  });

  var form = document.querySelector("form[data-draft-key]");
  if (!form || !form.dataset.draftUser) { return; }
  var key = PREFIX + "u" + form.dataset.draftUser + ":" + form.dataset.draftKey;
  var version = form.dataset.version || "0";
  var note = form.querySelector(".draft-note");

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "file" && el.type !== "hidden" && el.type !== "submit" && el.type !== "button";
    });
  }
  function snapshot() {
    var data = {};
    fields().forEach(function (el) { data[el.name] = el.value; });
    return data;
  }
  function differs(data) {
    return fields().some(function (el) { return (data[el.name] || "") !== (el.value || ""); });
  }
  function save() {
    try { storage.setItem(key, JSON.stringify({ version: version, data: snapshot() })); } catch (e) { /* full or private mode */ }
  }

  var stored = null;
  try { stored = JSON.parse(storage.getItem(key) || "null"); } catch (e) { stored = null; }
  var hasErrors = form.querySelector(".errorlist") !== null;
  if (stored && stored.version !== version && !hasErrors && !differs(stored.data)) {
    storage.removeItem(key);  // the server already holds what was typed
    stored = null;
  }
  if (stored && differs(stored.data) && !hasErrors && note) {
    note.hidden = false;
    note.querySelector("[data-draft-restore]").addEventListener("click", function () {
      fields().forEach(function (el) { if (el.name in stored.data) { el.value = stored.data[el.name]; } });
      note.hidden = true;
      save();
    });
    note.querySelector("[data-draft-discard]").addEventListener("click", function () {
      storage.removeItem(key);
      note.hidden = true;
    });
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);
})();
