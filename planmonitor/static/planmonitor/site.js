// Behaviour every page shares, kept out of the HTML so the Content Security Policy can forbid
// inline script: a <select data-autosubmit> sends its form as soon as it changes (the language
// menu) and its OK button is hidden; without this script (or on a page that loads none, like
// the public measure page) the button does it.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
    select.form.querySelectorAll("[data-autosubmit-button]").forEach(function (button) { button.hidden = true; });
  });
});
