// Behaviour shared by every page; page-specific code lives in its own file.
(function () {
  "use strict";

  // Styles that need this script (the folded header) apply only once it runs.
  document.documentElement.classList.add("js");

  // The header's menu button on a phone: a disclosure of the links; Escape folds it back.
  function menu() {
    var button = document.querySelector(".site-header .menu-toggle");
    var links = document.getElementById("site-menu");
    if (!button || !links) return;
    button.hidden = false;
    function show(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      links.classList.toggle("open", open);
    }
    button.addEventListener("click", function () {
      show(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.code === "Escape" && button.getAttribute("aria-expanded") === "true") {
        show(false);
        button.focus();
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", menu);
  else menu();

  // A form (or its submit button) with data-confirm asks first; dismissing sends nothing.
  // Capture phase, so the question comes before htmx or any other submit listener.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var button = event.submitter;
      var message = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
      if (message && !window.confirm(message)) {
        event.preventDefault();
        event.stopPropagation();
      }
    },
    true
  );
})();
