// An essay's word count as the student writes, counted as the server counts (questions/essay.py):
// runs between spaces holding a letter or a digit, so Arabic with diacritics counts word by word.
(function () {
  "use strict";
  var letter = /[\p{L}\p{N}]/u;

  function count(text) {
    return text.split(/\s+/).filter(function (token) {
      return letter.test(token);
    }).length;
  }

  function follow(area) {
    var out = document.getElementById(area.getAttribute("data-word-count"));
    if (!out) return;
    var limit = parseInt(area.getAttribute("data-word-limit") || "0", 10);
    var words = count(area.value);
    var text = limit ? out.getAttribute("data-of-limit") : out.getAttribute("data-words");
    out.textContent = (text || "{n}").replace("{n}", words).replace("{max}", limit);
    out.classList.toggle("over-limit", limit > 0 && words > limit);
  }

  function setUp(root) {
    root.querySelectorAll("textarea[data-word-count]").forEach(function (area) {
      if (area.dataset.wordCountReady) return;
      area.dataset.wordCountReady = "1";
      area.addEventListener("input", function () {
        follow(area);
      });
      follow(area);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUp(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    setUp(event.target);
  });
})();
