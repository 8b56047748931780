// Order and match questions by hand: items dragged (mouse or touch, SortableJS) or moved by their
// buttons, answers dragged onto their rows. The form keeps the lists it has without JavaScript and
// every move fills them in, with a "change" event, so what is posted (and autosaved) is the same.
(function () {
  "use strict";

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) {
      return values[name] === undefined ? "" : values[name];
    });
  }

  function announce(status, text) {
    if (!status || !text) return;
    // Emptied first, so that the same sentence twice is read twice.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  function statusAfter(el) {
    var next = el.nextElementSibling;
    while (next && !next.hasAttribute("data-arrange-status")) next = next.nextElementSibling;
    return next;
  }

  function setValue(select, value) {
    if (select.value === value) return;
    select.value = value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function disabled(el) {
    return !!el.closest("fieldset[disabled]") || !!el.querySelector("select:disabled");
  }

  // SortableJS leaves style attributes on what it animated; htmx would copy them onto swapped-in
  // elements of the same id, an inline style the Content-Security-Policy refuses.
  function dropStyles(root) {
    root.querySelectorAll("[style]").forEach(function (el) {
      el.removeAttribute("style");
    });
  }

  // ---- order: one list, each item's place is its position ----

  function items(ol) {
    return Array.prototype.slice.call(ol.querySelectorAll(":scope > li.order-item"));
  }

  var syncing = false;

  function renumber(ol) {
    syncing = true;
    items(ol).forEach(function (li, index) {
      setValue(li.querySelector("select"), String(index + 1));
    });
    syncing = false;
  }

  // A place chosen in an item's list: the item that had that place takes this one's.
  function placeChosen(ol, select) {
    var li = select.closest("li.order-item");
    var all = items(ol);
    var other = all[parseInt(select.value, 10) - 1];
    if (other && other !== li) {
      var next = li.nextSibling;
      if (next === other) {
        ol.insertBefore(other, li);
      } else {
        ol.insertBefore(li, other);
        ol.insertBefore(other, next);
      }
    }
    select.focus();
    moved(ol, li);
  }

  function moved(ol, li) {
    renumber(ol);
    var all = items(ol);
    announce(
      statusAfter(ol),
      fill(ol.getAttribute("data-moved") || "", {
        item: li.querySelector("[data-item-text]").textContent.trim(),
        place: all.indexOf(li) + 1,
        total: all.length,
      }),
    );
  }

  function enableOrder(ol) {
    if (ol.classList.contains("arranged") || disabled(ol)) return;
    ol.classList.add("arranged");
    // The places the server drew (a saved answer) become the list's order.
    var placed = items(ol).map(function (li) {
      return { li: li, place: parseInt(li.querySelector("select").value, 10) };
    });
    var places = placed.map(function (p) {
      return p.place;
    });
    var distinct = places.filter(function (p, i) {
      return places.indexOf(p) === i && p >= 1 && p <= places.length;
    });
    if (distinct.length === places.length) {
      placed.sort(function (a, b) {
        return a.place - b.place;
      });
      placed.forEach(function (p) {
        ol.appendChild(p.li);
      });
    }
    renumber(ol);
    ol.addEventListener("change", function (event) {
      if (!syncing && event.target.tagName === "SELECT") placeChosen(ol, event.target);
    });
    ol.querySelectorAll(".move-buttons, .drag-grip").forEach(function (el) {
      el.hidden = false;
    });
    var hint = ol.previousElementSibling;
    if (hint && hint.classList.contains("arrange-hint")) {
      // One hint naming every way to arrange, in place of the one for the lists alone.
      hint.hidden = false;
      var plain = hint.previousElementSibling;
      if (plain && plain.classList.contains("place-hint")) plain.hidden = true;
    }
    if (window.Sortable) {
      window.Sortable.create(ol, {
        draggable: "li.order-item",
        filter: "button, select",
        // The same dragging by mouse as by touch, with no native drag image between the two.
        forceFallback: true,
        preventOnFilter: false,
        animation: 150,
        onEnd: function (event) {
          dropStyles(ol);
          if (event.oldIndex !== event.newIndex) moved(ol, event.item);
        },
      });
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-move]") : null;
    if (!button) return;
    var li = button.closest("li.order-item");
    var ol = li && li.parentNode;
    if (!ol || !ol.classList.contains("arranged")) return;
    event.preventDefault();
    var up = button.getAttribute("data-move") === "up";
    var other = up ? li.previousElementSibling : li.nextElementSibling;
    if (!other) {
      // Already first or last: said, so a screen reader user knows the press was heard.
      moved(ol, li);
      return;
    }
    ol.insertBefore(li, up ? other : other.nextElementSibling);
    button.focus();
    moved(ol, li);
  });

  // ---- match: answers in a bank, each dropped onto its row's strip sets the row's list ----

  function enableMatch(table) {
    if (table.classList.contains("arranged") || disabled(table)) return;
    var bank = table.previousElementSibling;
    if (!bank || !bank.hasAttribute("data-match-bank") || !window.Sortable) return;
    table.classList.add("arranged");
    bank.hidden = false;
    var chips = bank.querySelector(".match-chips");
    var group = "match-" + Math.random().toString(36).slice(2);
    var texts = {};
    var dropping = false;
    chips.querySelectorAll(".match-chip").forEach(function (chip) {
      texts[chip.getAttribute("data-value")] = chip.textContent;
    });

    // The bank shows the answers no row has yet.
    function redraw() {
      var used = {};
      table.querySelectorAll("select").forEach(function (select) {
        if (select.value) used[select.value] = true;
      });
      table.querySelectorAll(".match-drop").forEach(function (drop) {
        drop.textContent = "";
      });
      chips.textContent = "";
      Object.keys(texts).forEach(function (value) {
        if (used[value]) return;
        var chip = document.createElement("li");
        chip.className = "match-chip";
        chip.setAttribute("data-value", value);
        chip.setAttribute("dir", "auto");
        chip.textContent = texts[value];
        chips.appendChild(chip);
      });
      bank.classList.toggle("empty", !chips.children.length);
    }

    window.Sortable.create(chips, {
      group: { name: group, pull: true, put: false },
      sort: false,
      animation: 150,
      forceFallback: true,
    });
    table.querySelectorAll(".match-drop").forEach(function (drop) {
      drop.hidden = false;
      window.Sortable.create(drop, {
        group: { name: group, pull: false, put: true },
        forceFallback: true,
        onAdd: function (event) {
          var select = document.getElementById(drop.getAttribute("data-drop-for"));
          var value = event.item.getAttribute("data-value");
          dropping = true;
          setValue(select, value);
          dropping = false;
          var row = select.closest("tr").querySelector("th");
          // After SortableJS has finished with the dropped element.
          window.setTimeout(function () {
            dropStyles(table);
            dropStyles(bank);
            redraw();
            announce(
              statusAfter(table),
              fill(table.getAttribute("data-placed") || "", {
                item: texts[value],
                row: row ? row.textContent.trim() : "",
              }),
            );
          }, 0);
        },
      });
    });
    table.addEventListener("change", function () {
      if (!dropping) redraw();
    });
    redraw();
  }

  function enable(root) {
    if (!root || !root.querySelectorAll) return;
    root.querySelectorAll("ol[data-order]").forEach(enableOrder);
    root.querySelectorAll("table[data-match]").forEach(enableMatch);
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target) dropStyles(event.detail.target);
  });

  document.addEventListener("htmx:load", function (event) {
    enable(event.detail.elt);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      enable(document);
    });
  } else {
    enable(document);
  }
})();
