// Report pages: a chart's "show the numbers" toggle and sortable class tables.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-chart-toggle]");
    if (toggle) {
      var figure = toggle.closest("[data-chart]");
      var numbers = document.getElementById(toggle.getAttribute("aria-controls"));
      var showing = toggle.getAttribute("aria-expanded") === "true";
      numbers.hidden = showing;
      figure.querySelector(".chart-svg").hidden = !showing;
      toggle.setAttribute("aria-expanded", showing ? "false" : "true");
      toggle.textContent = toggle.getAttribute(showing ? "data-show" : "data-hide");
      return;
    }
    var sorter = event.target.closest("[data-sort]");
    if (sorter) {
      sortBy(sorter);
    }
  });

  function cellValue(row, index) {
    var cell = row.children[index];
    var value = cell ? cell.getAttribute("data-value") || cell.textContent : "";
    var number = Number(value);
    return value !== "" && !isNaN(number) ? number : value.trim().toLowerCase();
  }

  function sortBy(button) {
    var header = button.closest("th");
    var table = button.closest("table");
    var index = Number(button.getAttribute("data-sort"));
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("thead th").forEach(function (th) { th.setAttribute("aria-sort", "none"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
})();
