// Behaviour shared by every page, wired here instead of inline on…= attributes (Content-Security-
// Policy: no inline script). Delegated from the document, so content swapped in by htmx works too.
//   <form data-confirm="确定删除…？">     asks before submitting; 取消 keeps the form unsent
//   <button data-confirm="…">            asks before the click takes effect
//   <button data-print>                  prints the page
//   <a href="/" data-history-back>       goes back a page when there is one (else follows href)
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    var asking = target.closest("button[data-confirm], input[data-confirm], a[data-confirm]");
    if (asking && !window.confirm(asking.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    var printing = target.closest("[data-print]");
    if (printing) {
      event.preventDefault();
      window.print();
      return;
    }
    var back = target.closest("[data-history-back]");
    if (back && window.history.length > 1 && document.referrer
        && new URL(document.referrer).origin === window.location.origin) {
      event.preventDefault();
      window.history.back();
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-confirm")
        && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  });
})();
