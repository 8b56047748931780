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

  setSelect.addEventListener("change", follow);
  follow();
})();
