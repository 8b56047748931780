// Behaviour shared by every page; page-specific code lives in its own file.
(function () {
  "use strict";

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
