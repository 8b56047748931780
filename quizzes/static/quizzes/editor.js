// The question editor: a select marked data-autosubmit sends its form when it changes
// (choosing the type of a new question). Everything else works with htmx or plain forms.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.matches && select.matches("select[data-autosubmit]") && select.form) {
      select.form.requestSubmit();
    }
  });
})();
