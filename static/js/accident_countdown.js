// Accident page: counts down to the next reporting deadline (493号令: 1 h to the district, 2 h per
// level up). The server renders the remaining time; this only keeps it ticking.
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function render(el) {
    var deadline = Date.parse(el.getAttribute("data-deadline"));
    if (isNaN(deadline)) { return; }
    var seconds = Math.round((deadline - Date.now()) / 1000);
    var late = seconds < 0;
    seconds = Math.abs(seconds);
    el.textContent = (late ? "已超时 " : "剩余 ") + Math.floor(seconds / 3600) + ":" +
      pad(Math.floor((seconds % 3600) / 60)) + ":" + pad(seconds % 60);
    if (late) {
      el.classList.remove("text-warning-emphasis");
      el.classList.add("text-danger");
    }
  }
  function tick() {
    var els = document.querySelectorAll("[data-countdown]");
    for (var i = 0; i < els.length; i++) { render(els[i]); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector("[data-countdown]")) {
      tick();
      window.setInterval(tick, 1000);
    }
  });
})();
