// The attempt page: the countdown, and the autosave of each question's form.
//
// The countdown shows the server's deadline, corrected for the clock of this machine; at zero the
// page reloads (after sending any answer not yet saved), and the server says what happens next.
//
// Autosave: a form is saved once its answer rests (0.8 s after typing, 0.3 s after a choice), one
// request at a time per form, and only when it differs from what was last sent. Each save carries a
// number that grows, so the server ignores one older than the save it stored (a late retry). A save
// that fails (network, 5xx) is sent again once. "Save and next" goes through htmx behind any save in
// flight (hx-sync), or straight to the next question when there is nothing new to save. Leaving the
// page by a link waits for the saves; closing it sends what is left with sendBeacon.
(function () {
  "use strict";

  var TYPING = 800;
  var CHOOSING = 300;
  // Leaving the page never waits longer than this for a save.
  var PATIENCE = 5000;
  var states = new WeakMap();
  var waiters = [];
  var loaded = Date.now();

  // The next save number: one more than the last, and never below the time since the attempt
  // began (in tenths of a second, as the server counted it when it drew the page), so that of two
  // tabs the later save wins, while a late retry still loses to the save that overtook it.
  function nextSeq(form, s) {
    var clock = (parseInt(form.getAttribute("data-clock"), 10) || 0) + Math.floor((Date.now() - loaded) / 100);
    s.seq = Math.max(s.seq + 1, clock);
    return s.seq;
  }

  function forms() {
    return Array.prototype.slice.call(document.querySelectorAll("form[data-autosave]"));
  }

  function serialize(form) {
    var data = new FormData(form);
    var parts = [];
    data.forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "seq" && name !== "go" && name !== "check") {
        parts.push(encodeURIComponent(name) + "=" + encodeURIComponent(value));
      }
    });
    return parts.join("&");
  }

  // The answer as the server drew it (inputs keep it as their default), even if the student
  // changed it before this script ran.
  function rendered(form) {
    var copy = form.cloneNode(true);
    copy.reset();
    return serialize(copy);
  }

  function state(form) {
    var s = states.get(form);
    if (!s) {
      s = {
        seq: parseInt(form.getAttribute("data-seq"), 10) || 0,
        lastSent: rendered(form),
        timer: null,
        busy: false,
        again: false,
        retried: false,
        submitting: false,
        submitter: null,
      };
      states.set(form, s);
    }
    return s;
  }

  function changed(form) {
    return serialize(form) !== state(form).lastSent;
  }

  function idle() {
    return forms().every(function (form) {
      var s = state(form);
      return !s.busy && !s.submitting && s.timer === null;
    });
  }

  function wake() {
    if (!idle()) return;
    var ready = waiters;
    waiters = [];
    ready.forEach(function (fn) {
      fn();
    });
  }

  function flush(form) {
    var s = state(form);
    window.clearTimeout(s.timer);
    s.timer = null;
    if (s.submitting) return;
    if (s.busy) {
      s.again = true;
      return;
    }
    if (!changed(form)) {
      wake();
      return;
    }
    if (!window.htmx) {
      schedule(form, CHOOSING);
      return;
    }
    s.busy = true;
    window.htmx.trigger(form, "autosave");
  }

  function schedule(form, delay) {
    var s = state(form);
    window.clearTimeout(s.timer);
    s.timer = window.setTimeout(function () {
      flush(form);
    }, delay);
  }

  // Sends every pending save, then calls fn once none is in flight (or after PATIENCE).
  function whenSaved(fn) {
    var done = false;
    function once() {
      if (!done) {
        done = true;
        fn();
      }
    }
    waiters.push(once);
    window.setTimeout(once, PATIENCE);
    forms().forEach(flush);
    wake();
  }

  function formOf(elt) {
    return elt && elt.closest ? elt.closest("form[data-autosave]") : null;
  }

  document.addEventListener("input", function (event) {
    var form = formOf(event.target);
    if (form) schedule(form, TYPING);
  });

  document.addEventListener("change", function (event) {
    var form = formOf(event.target);
    if (form) schedule(form, CHOOSING);
  });

  // Capture: decided before htmx sees the submit.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!form.matches || !form.matches("form[data-autosave]")) return;
      var s = state(form);
      var button = event.submitter;
      window.clearTimeout(s.timer);
      s.timer = null;
      s.again = false;
      if (button && button.name === "go" && !changed(form)) {
        // Nothing new to save: move on once any save in flight is done.
        event.preventDefault();
        event.stopPropagation();
        var target = button.getAttribute("data-href");
        whenSaved(function () {
          if (target) window.location.href = target;
        });
        return;
      }
      s.submitting = true;
      s.submitter = button || null;
    },
    true,
  );

  document.addEventListener("htmx:configRequest", function (event) {
    var form = formOf(event.detail.elt);
    if (!form) return;
    var s = state(form);
    var trigger = event.detail.triggeringEvent;
    event.detail.parameters["seq"] = String(nextSeq(form, s));
    if (!trigger || trigger.type !== "submit") delete event.detail.parameters["go"];
    s.lastSent = serialize(form);
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = formOf(event.detail.elt);
    if (!form || !form.isConnected) {
      wake();
      return;
    }
    var s = state(form);
    var trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var failed = status === 0 || status >= 500;
    var wasSubmit = trigger && trigger.type === "submit";
    if (wasSubmit) s.submitting = false;
    else s.busy = false;
    if (failed) {
      // Whether it was stored is unknown: the next save sends the answer again.
      s.lastSent = null;
      if (!s.retried) {
        s.retried = true;
        window.setTimeout(function () {
          if (wasSubmit && form.requestSubmit) form.requestSubmit(s.submitter);
          else flush(form);
        }, 1000);
        return;
      }
    } else {
      s.retried = false;
    }
    // After htmx releases the form, so a submit queued behind this save keeps its turn.
    window.setTimeout(function () {
      if (s.again) {
        s.again = false;
        flush(form);
      }
      wake();
    }, 0);
  });

  // A link away from the page (the strip, previous, next, finish) waits for the saves.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey) return;
    if (!forms().length || (idle() && !forms().some(changed))) return;
    event.preventDefault();
    whenSaved(function () {
      window.location.href = link.href;
    });
  });

  // Closing the tab or going back: what is not saved yet goes with sendBeacon.
  window.addEventListener("pagehide", function () {
    forms().forEach(function (form) {
      if (!changed(form) || !navigator.sendBeacon) return;
      var s = state(form);
      var data = new FormData(form);
      data.set("seq", String(nextSeq(form, s)));
      data.delete("go");
      data.delete("check");
      if (navigator.sendBeacon(form.action, data)) s.lastSent = serialize(form);
    });
  });

  function countdown() {
    var timer = document.querySelector("[data-deadline]");
    if (!timer || timer.classList.contains("over")) return;
    var clock = timer.querySelector(".clock");
    var deadline = Date.parse(timer.getAttribute("data-deadline"));
    var skew = Date.parse(timer.getAttribute("data-now")) - Date.now();
    var sentLast = false;
    function pad(n) {
      return n < 10 ? "0" + n : String(n);
    }
    function tick() {
      var left = Math.max(0, Math.floor((deadline - (Date.now() + skew)) / 1000));
      var h = Math.floor(left / 3600);
      var m = Math.floor((left % 3600) / 60);
      var s = left % 60;
      if (clock) clock.textContent = h ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
      timer.classList.toggle("low", left <= 60);
      warn(left);
      if (left <= 2 && !sentLast) {
        // The last answer goes before the deadline, while the server still takes it.
        sentLast = true;
        forms().forEach(flush);
      }
      if (left === 0) {
        window.clearInterval(timerId);
        // A moment later, so the server's clock has passed the deadline too.
        window.setTimeout(function () {
          whenSaved(function () {
            window.location.reload();
          });
        }, 1000);
      }
    }
    // Warnings at 5 minutes and at 1 minute, each once, in a region screen readers announce.
    var warning = document.querySelector("[data-time-warning]");
    var warned = 0;
    function warn(left) {
      if (!warning) return;
      var level = left <= 60 ? 2 : left <= 300 ? 1 : 0;
      if (level <= warned) return;
      warned = level;
      warning.textContent = warning.getAttribute(level === 2 ? "data-one" : "data-five");
      warning.classList.add("shown");
    }
    var timerId = window.setInterval(tick, 1000);
    tick();
  }

  function start() {
    forms().forEach(function (form) {
      // Answered before this script ran: saved now.
      if (changed(form)) schedule(form, CHOOSING);
    });
    countdown();
  }

  // htmx swaps in a checked question with a new form: it starts from what it shows.
  document.addEventListener("htmx:load", function (event) {
    var root = event.detail.elt;
    if (root && root.querySelectorAll) root.querySelectorAll("form[data-autosave]").forEach(state);
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
