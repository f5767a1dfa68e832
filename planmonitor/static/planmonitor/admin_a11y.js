/* Accessibility fixes for Django admin widgets (axe-core, issue 10.16).

   1. The admin's autocomplete boxes (select2) name themselves only by the chosen value, so an empty
   box has no accessible name (axe-core: aria-input-field-name). Name every part of each box that
   refers to its value, and its search field when it opens, by the label of the <select> it stands
   for. Runs once the admin's own autocomplete.js has built the boxes, and again on "load".
   2. The two-list permission pickers (SelectFilter2) put an aria-label on a bare <span> icon,
      which ARIA forbids (aria-prohibited-attr): the icon is given role="img". */
(function () {
  "use strict";
  function name() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = select.id && document.querySelector('label[for="' + select.id + '"]');
      if (!label) { return; }
      label.id = label.id || select.id + "-label";
      var valueId = "select2-" + select.id + "-container";
      var value = document.getElementById(valueId);
      if (value) { value.setAttribute("aria-labelledby", label.id + " " + valueId); }
      document.querySelectorAll('[aria-labelledby~="' + valueId + '"]').forEach(function (el) {
        if (el !== value && el.getAttribute("aria-labelledby").split(" ").indexOf(label.id) === -1) {
          el.setAttribute("aria-labelledby", label.id + " " + el.getAttribute("aria-labelledby"));
        }
      });
      if (window.django && window.django.jQuery && !select.dataset.labelled) {
        select.dataset.labelled = "1";
        window.django.jQuery(select).on("select2:open", function () {
          document.querySelectorAll(".select2-search__field").forEach(function (field) {
            field.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
          });
        }).on("change", name);
      }
    });
  }
  if (window.django && window.django.jQuery) { window.django.jQuery(function () { setTimeout(name, 0); }); }
  function icons() {
    document.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }
  window.addEventListener("load", function () { name(); setTimeout(icons, 0); });
})();
