// The quiz form lists only the tags of the set chosen; the server refuses any other, with a message
// beside the field, so without this script the form still says what is wrong.
(function () {
  "use strict";
  var form = document.querySelector("form[data-quiz-form]");
  if (!form) return;
  var setSelect = form.querySelector("select[name=question_set]");
  var tagSelect = form.querySelector("select[name=tags]");
  if (!setSelect || !tagSelect) return;
  var all = Array.prototype.slice.call(tagSelect.options);

  function follow() {
    var chosen = setSelect.value;
    var kept = all.filter(function (option) {
      return chosen && (" " + option.getAttribute("data-sets") + " ").indexOf(" " + chosen + " ") !== -1;
    });
    all.forEach(function (option) {
      if (kept.indexOf(option) === -1) option.selected = false;
    });
    tagSelect.replaceChildren.apply(tagSelect, kept);
    tagSelect.disabled = kept.length === 0;
  }

  // Each draw's tag list follows the set too, keeping its blank choice.
  var draws = Array.prototype.slice.call(form.querySelectorAll("select[name^=draw_][name$=_tag]")).map(
    function (select) {
      return { select: select, all: Array.prototype.slice.call(select.options) };
    }
  );

  function followDraws() {
    var chosen = setSelect.value;
    draws.forEach(function (draw) {
      var kept = draw.all.filter(function (option) {
        return !option.value || (chosen && (" " + option.getAttribute("data-sets") + " ").indexOf(" " + chosen + " ") !== -1);
      });
      if (kept.indexOf(draw.select.selectedOptions[0]) === -1) draw.select.value = "";
      draw.select.replaceChildren.apply(draw.select, kept);
    });
  }

  setSelect.addEventListener("change", follow);
  setSelect.addEventListener("change", followDraws);
  follow();
  followDraws();
})();
