/* Plan Monitor: a live "typed / allowed" counter under every text box with a stated maximum. */
(function () {
  "use strict";
  function attach(box) {
    var limit = parseInt(box.getAttribute("maxlength"), 10);
    if (!limit) { return; }
    var counter = document.createElement("span");
    counter.className = "counter";
    counter.id = (box.id || box.name) + "-counter";
    counter.setAttribute("aria-live", "polite");
    box.insertAdjacentElement("afterend", counter);
    var described = box.getAttribute("aria-describedby");
    box.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    function update() {
      counter.textContent = box.value.length + " / " + limit;
      counter.classList.toggle("full", box.value.length >= limit);
    }
    box.addEventListener("input", update);
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-counter][maxlength]"), attach);
  });
})();
