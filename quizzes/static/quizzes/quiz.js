// The attempt page's countdown: the server's deadline, corrected for the clock of this machine.
// When it reaches zero the page reloads, and the server says what happens next.
(function () {
  "use strict";

  function start() {
    var timer = document.querySelector("[data-deadline]");
    if (!timer || timer.classList.contains("over")) return;
    var clock = timer.querySelector(".clock");
    var deadline = Date.parse(timer.getAttribute("data-deadline"));
    var skew = Date.parse(timer.getAttribute("data-now")) - Date.now();
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
      if (left === 0) {
        window.clearInterval(timerId);
        // A moment later, so the server's clock has passed the deadline too.
        window.setTimeout(function () {
          window.location.reload();
        }, 1000);
      }
    }
    var timerId = window.setInterval(tick, 1000);
    tick();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
