// The set's question list: a question is dragged by its handle (SortableJS) and the new order is
// posted in one request; the arrow buttons post through htmx too. The list comes back from the
// server and the live region reads where the question now is. Without JavaScript the buttons
// post plain forms.
(function () {
  "use strict";
  var focusAfterSwap = null;

  function announce(list) {
    var status = document.getElementById("reorder-status");
    var text = list.getAttribute("data-announce");
    if (!status || !text) return;
    // Emptied first, so that the same sentence twice is read twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function liveKeys(ol) {
    return Array.prototype.map.call(ol.querySelectorAll(":scope > li[data-key]"), function (li) {
      return li.getAttribute("data-key");
    });
  }

  function enable(list) {
    var ol = list.querySelector("ol.question-list");
    var url = list.getAttribute("data-reorder-url");
    if (!ol || !url || !window.Sortable || list.classList.contains("sortable")) return;
    list.classList.add("sortable");
    window.Sortable.create(ol, {
      handle: ".drag-handle",
      draggable: "li[data-key]",
      animation: 150,
      onEnd: function (event) {
        if (event.oldIndex === event.newIndex) return;
        var key = event.item.getAttribute("data-key");
        window.htmx.ajax("POST", url, {
          source: list,
          target: "#question-list",
          swap: "outerHTML",
          values: { order: liveKeys(ol), moved: key },
        });
      },
    });
  }

  // An arrow button keeps the focus on the moved question's same button once the list is redrawn.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("#question-list form.move") || !event.submitter) return;
    focusAfterSwap = { item: form.closest("li").id, direction: event.submitter.value };
  });

  // SortableJS leaves style attributes on the items it animated, and htmx would copy them onto the
  // redrawn items of the same id, an inline style the Content-Security-Policy refuses: they go first.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "question-list") return;
    target.removeAttribute("style");
    target.querySelectorAll("[style]").forEach(function (el) { el.removeAttribute("style"); });
  });

  document.addEventListener("htmx:afterSwap", function () {
    var list = document.getElementById("question-list");
    if (!list) return;
    enable(list);
    if (focusAfterSwap) {
      var item = document.getElementById(focusAfterSwap.item);
      var target = item && item.querySelector("form.move button[value='" + focusAfterSwap.direction + "']");
      if (target && target.focus) target.focus();
      focusAfterSwap = null;
    }
    announce(list);
  });

  // A failed request (the order changed in another tab, the session ended) reloads the true order.
  document.addEventListener("htmx:responseError", function (event) {
    if (event.target.closest && event.target.closest("#question-list")) window.location.reload();
  });

  document.addEventListener("DOMContentLoaded", function () {
    var list = document.getElementById("question-list");
    if (list) enable(list);
  });
})();
