// "看不清，换一张": load a new captcha image in place. Without script the link opens the new image
// itself (the session then holds that one), so the form works either way.
(function () {
  var link = document.getElementById("captcha-refresh"), img = document.getElementById("captcha-img");
  if (!link || !img) { return; }
  link.addEventListener("click", function (event) {
    event.preventDefault();
    img.src = link.getAttribute("href").split("?")[0] + "?r=" + Date.now();
    var input = document.getElementById("id_captcha");
    if (input) { input.value = ""; input.focus(); }
  });
})();
