// Behaviour every page shares, kept out of the HTML so the Content Security Policy can forbid
// inline script: a <select data-autosubmit> sends its form as soon as it changes (the language
// menu); without JavaScript the form's own button does it.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
});
