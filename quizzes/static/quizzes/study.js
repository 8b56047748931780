// Keyboard shortcuts for the study screen. Keys are matched by event.code, so they work on an
// Arabic layout too (KeyZ types ئ there); single keys are ignored while a text field has focus.
(function () {
  "use strict";

  function typing(target) {
    if (!target) return false;
    var tag = target.tagName;
    return tag === "TEXTAREA" || tag === "SELECT" || (tag === "INPUT" && !/^(radio|checkbox|submit|button)$/.test(target.type));
  }

  function click(selector) {
    var el = document.querySelector("#card " + selector);
    if (el) { el.click(); return true; }
    return false;
  }

  function pickOption(n) {
    var inputs = document.querySelectorAll("#card [data-answer-form] .options input");
    if (inputs[n - 1]) {
      inputs[n - 1].click();
      inputs[n - 1].focus();
      return true;
    }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    // A held key repeats: one press, one action (one undo, one rating).
    if (event.repeat) return;
    var code = event.code;
    // Alt+Z undoes from anywhere, a text field included; Z alone does outside a field.
    if (code === "KeyZ" && event.altKey && !event.ctrlKey && !event.metaKey) {
      if (click("[data-action=undo]")) event.preventDefault();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var inField = typing(event.target);
    if (code === "Enter" || code === "NumpadEnter") {
      // In a text field Enter submits its own form; elsewhere it checks, rates Good or continues.
      if (inField) return;
      if (event.target.tagName === "BUTTON" || event.target.tagName === "A") return;
      if (click("[data-key=check]") || click("[data-default]")) event.preventDefault();
      return;
    }
    if (inField) return;
    if (code === "Space") {
      if (click("[data-type=flashcard] [data-key=check]") || click("[data-default]")) event.preventDefault();
      return;
    }
    var digit = /^(Digit|Numpad)([1-9])$/.exec(code);
    if (digit) {
      var n = Number(digit[2]);
      if (click("[data-rating='" + n + "']") || pickOption(n)) event.preventDefault();
      return;
    }
    if (code === "KeyZ") {
      if (click("[data-action=undo]")) event.preventDefault();
    }
  });

  // After htmx swaps in a new card, focus its first field so typing can start at once.
  document.addEventListener("htmx:afterSwap", function () {
    var field = document.querySelector("#card [autofocus]");
    if (field) field.focus();
  });
})();
