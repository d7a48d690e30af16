// Self-check form: choosing 不合格 opens that item's hazard details (and focuses the description);
// choosing another result closes them again unless something was already typed there.
document.addEventListener("change", function (event) {
  var radio = event.target;
  if (!radio.matches('input[type="radio"][name^="r_"]')) return;
  var card = radio.closest(".card");
  var details = card && card.querySelector("details");
  if (!details) return;
  if (radio.value === "fail") {
    details.open = true;
    var first = details.querySelector("input[type=text]");
    if (first) first.focus({preventScroll: true});
  } else {
    var typed = Array.prototype.some.call(details.querySelectorAll("input[type=text]"), function (i) { return i.value; });
    if (!typed) details.open = false;
  }
});
