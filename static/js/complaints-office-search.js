/* Complaint form: list matching offices while the person types, without reloading the page.
   The form works without this script (the search button reloads the page with the results);
   with it, what was already typed into the complaint stays where it is. */
(function () {
  "use strict";
  var input = document.querySelector("[data-office-search]");
  var fieldset = document.querySelector("[data-office-results]");
  if (!input || !fieldset || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var status = document.createElement("p");
  status.className = "hint";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  fieldset.insertBefore(status, fieldset.querySelector(".radio"));
  var unlisted = document.getElementById("office-unlisted");
  var timer = null;
  var lastQuery = input.value.trim();
  var language = document.documentElement.lang === "en" ? "en" : "zh";

  function resultRows() {
    return Array.prototype.filter.call(fieldset.querySelectorAll(".radio"), function (row) {
      var radio = row.querySelector("input[type=radio]");
      return radio && radio !== unlisted && !radio.checked;
    });
  }

  function addRow(slug, title) {
    var row = document.createElement("div");
    row.className = "radio";
    var radio = document.createElement("input");
    radio.type = "radio";
    radio.name = "office";
    radio.value = slug;
    radio.id = "office-" + slug;
    var label = document.createElement("label");
    label.htmlFor = radio.id;
    label.textContent = title;
    row.appendChild(radio);
    row.appendChild(label);
    fieldset.insertBefore(row, unlisted ? unlisted.parentNode : null);
  }

  function show(results) {
    resultRows().forEach(function (row) { row.parentNode.removeChild(row); });
    var chosen = fieldset.querySelector("input[name=office]:checked");
    results.forEach(function (result) {
      var slug = decodeURIComponent(result.url.replace(/^\/offices\//, "").split(/[?#/]/)[0]);
      if (!chosen || chosen.value !== slug) {
        addRow(slug, result.title);
      }
    });
    var template = results.length ? input.dataset.foundText : input.dataset.noneText;
    status.textContent = (template || "").replace("{count}", String(results.length));
  }

  function search() {
    var query = input.value.trim();
    if (query === lastQuery || query.length < 2) {
      return;
    }
    lastQuery = query;
    var params = new URLSearchParams({ q: query, kind: "office", lang: language });
    fetch("/search.json?" + params.toString(), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (body && input.value.trim() === query) {
          show(body.results.slice(0, 20));
        }
      })
      .catch(function () { /* the search button still works */ });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 300);
  });
})();
