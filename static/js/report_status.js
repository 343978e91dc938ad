/* Plan Monitor: while a report is being generated, ask for its progress every two seconds and
   show the finished page once it is done (instead of a <meta refresh>, which screen readers and
   axe-core rightly reject). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var note = document.getElementById("report-progress");
    if (!note) { return; }
    var bar = document.querySelector("progress");
    function poll() {
      fetch(note.getAttribute("data-status-url"), {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (state) {
          if (state.done) { window.location.reload(); return; }
          if (bar) { bar.value = state.progress; }
          window.setTimeout(poll, 2000);
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    }
    window.setTimeout(poll, 2000);
  });
})();
