// The index's search box: shows the events whose text holds every word typed.
// Plain browser JavaScript, no library, so the catalog works offline and from disk.
(function () {
  "use strict";
  var input = document.getElementById("search");
  var count = document.getElementById("search-count");
  var none = document.getElementById("no-match");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#events tbody tr"));

  function apply() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute("data-search") || "";
      var match = words.every(function (word) {
        return text.indexOf(word) !== -1;
      });
      row.hidden = !match;
      if (match) shown += 1;
    });
    count.textContent = shown === rows.length ? rows.length + " events" : shown + " of " + rows.length + " events";
    none.hidden = shown !== 0;
  }

  var query = new URLSearchParams(window.location.search).get("q");
  if (query) input.value = query;
  input.addEventListener("input", apply);
  apply();
})();
