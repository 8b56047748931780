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

  function visible(el) {
    return el && !el.disabled && el.getClientRects().length > 0;
  }

  // Where the student's hands are: on a checked card the recommended rating (or Continue), on a new
  // card its first field or option, so Tab never starts from the page's header.
  function focusCard() {
    var answer = document.querySelector("#card #answer");
    if (!answer) return;
    var checked = answer.classList.contains("checked");
    var preferred = checked && document.querySelector("#card [data-default]");
    if (visible(preferred)) {
      preferred.focus();
      return;
    }
    var candidates = checked
      ? document.querySelectorAll("#card .ratings button, #card .ratings a")
      : document.querySelectorAll(
          "#card [autofocus], #card [data-answer-form] input:not([type=hidden]), #card [data-answer-form] select," +
            " #card [data-answer-form] textarea, #card [data-answer-form] button",
        );
    var target = Array.prototype.filter.call(candidates, visible)[0];
    if (target) target.focus();
  }

  // After htmx has swapped and settled (arrange.js has set up the lists by then).
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (target && (target.id === "card" || target.id === "answer")) focusCard();
  });

  document.addEventListener("DOMContentLoaded", function () {
    window.setTimeout(focusCard, 0);
  });

  // A choice card checked with nothing chosen would record Again: the card asks first, in the page.
  function askEmpty(form) {
    var choices = form.querySelectorAll("input[type=radio], input[type=checkbox]");
    if (!choices.length) return false;
    if (Array.prototype.some.call(choices, function (input) { return input.checked; })) return false;
    var ask = form.querySelector("[data-ask-empty]");
    if (!ask) return false;
    ask.hidden = false;
    var cancel = ask.querySelector("[data-ask-cancel]");
    if (cancel) cancel.focus();
    return true;
  }

  // On the click itself: the choices are required, so the browser would refuse the submit first.
  document.addEventListener(
    "click",
    function (event) {
      var button = event.target.closest ? event.target.closest("#card [data-answer-form] [data-key=check]") : null;
      if (button && askEmpty(button.form)) {
        event.preventDefault();
        event.stopPropagation();
      }
    },
    true,
  );

  document.addEventListener("click", function (event) {
    var cancel = event.target.closest ? event.target.closest("[data-ask-cancel]") : null;
    if (!cancel) return;
    var ask = cancel.closest("[data-ask-empty]");
    ask.hidden = true;
    var first = ask.closest("form").querySelector("input[type=radio], input[type=checkbox]");
    if (first) first.focus();
  });
})();
