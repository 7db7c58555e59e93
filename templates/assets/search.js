/* Offline search and filters for the brief index. The index is prebuilt into
   search-index.js, a script rather than JSON, so it also loads from file://.
   Without this script the page still lists every brief and links to the
   country and tag listings. */
(function () {
  "use strict";

  var finder = document.getElementById("finder");
  var list = document.getElementById("brief-list");
  if (!finder || !list) {
    return;
  }
  var query = document.getElementById("q");
  var countryFilter = document.getElementById("country-filter");
  var tagFilter = document.getElementById("tag-filter");
  var count = document.getElementById("result-count");
  var empty = document.getElementById("no-results");
  var cards = Array.prototype.slice.call(list.querySelectorAll(".brief-card"));

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var texts = {};
  (window.BRIEFGEN_SEARCH_INDEX || []).forEach(function (record) {
    texts[record.id] = fold(record.text);
  });

  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function hasToken(list, token) {
    return !token || (list || "").split(" ").indexOf(token) !== -1;
  }

  function matches(card, terms) {
    var text = texts[card.getAttribute("data-id")] || fold(card.textContent);
    var found = terms.every(function (term) {
      return text.indexOf(term) !== -1;
    });
    return (
      found &&
      hasToken(card.getAttribute("data-countries"), countryFilter.value) &&
      hasToken(card.getAttribute("data-tags"), tagFilter.value)
    );
  }

  function apply() {
    var terms = words(query.value);
    var shown = 0;
    cards.forEach(function (card) {
      var visible = matches(card, terms);
      card.hidden = !visible;
      shown += visible ? 1 : 0;
    });
    var filtering = terms.length > 0 || countryFilter.value || tagFilter.value;
    count.textContent = filtering ? shown + " of " + cards.length + " briefs match." : "";
    empty.hidden = shown !== 0;
  }

  function readParameters() {
    var parameters = new URLSearchParams(window.location.search);
    query.value = parameters.get("q") || "";
    countryFilter.value = parameters.get("country") || "";
    tagFilter.value = parameters.get("tag") || "";
  }

  finder.hidden = false;
  finder.addEventListener("submit", function (event) {
    event.preventDefault();
    apply();
  });
  query.addEventListener("input", apply);
  countryFilter.addEventListener("change", apply);
  tagFilter.addEventListener("change", apply);
  readParameters();
  apply();
})();
