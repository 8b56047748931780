// Learn mode's keys: digits choose a choice (by event.code, so they work on an Arabic layout),
// Enter checks the answer or continues to the next question.
(function () {
  "use strict";
  function typing(target) {
    return target && (target.tagName === "TEXTAREA" || target.tagName === "SELECT" ||
      (target.tagName === "INPUT" && !/^(radio|checkbox|submit|button)$/.test(target.type)));
  }
  document.addEventListener("keydown", function (event) {
    if (event.repeat || event.altKey || event.ctrlKey || event.metaKey) return;
    var form = document.querySelector("[data-learn-form]");
    var digit = /^(Digit|Numpad)([1-9])$/.exec(event.code);
    if (digit && !typing(event.target)) {
      var choice = document.querySelector('[data-learn-form] [data-choice="' + digit[2] + '"]');
      if (!choice) return;
      event.preventDefault();
      if (choice.tagName === "BUTTON") { choice.click(); return; }
      choice.checked = true;
      choice.focus();
      return;
    }
    if (event.code !== "Enter" && event.code !== "NumpadEnter") return;
    if (form) {
      if (event.target.tagName === "TEXTAREA" || event.target.tagName === "BUTTON" || event.target.tagName === "A") return;
      event.preventDefault();
      var submit = form.querySelector('[data-key="check"]');
      if (submit) form.requestSubmit(submit);
      return;
    }
    var next = document.querySelector("#learn [data-default]");
    if (next && event.target.tagName !== "A" && event.target.tagName !== "BUTTON") {
      event.preventDefault();
      next.click();
    }
  });
})();
