// mkdocs-linkroles: find a domain by typing, and sort a table by a column, on the
// overview of linked domains. Progressive: without this script the page is complete.
(function () {
  "use strict";

  function number(text) {
    var value = parseFloat(text.replace(/[^0-9.\-]/g, ""));
    return isNaN(value) ? null : value;
  }

  // A cell's number: its data-sort (the page writes numbers as its language does:
  // "1.234" in German), else its text.
  function key(cell) {
    var raw = cell.getAttribute("data-sort");
    return raw !== null ? raw : cell.textContent.trim();
  }

  function sortable(table, label) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (head, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "linkroles-sort";
      button.textContent = head.textContent;
      button.title = label.replace("{column}", head.textContent);
      head.textContent = "";
      head.appendChild(button);
      button.addEventListener("click", function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var down = head.getAttribute("aria-sort") !== "descending";
        heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
        head.setAttribute("aria-sort", down ? "descending" : "ascending");
        rows.sort(function (a, b) {
          var x = key(a.cells[column]);
          var y = key(b.cells[column]);
          var m = number(x), n = number(y);
          var order = m !== null && n !== null ? m - n : x.localeCompare(y);
          return down ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function filterable(box) {
    if (box.getAttribute("data-linkroles-ready")) return;
    box.setAttribute("data-linkroles-ready", "1");
    var input = document.createElement("input");
    input.type = "search";
    input.className = "linkroles-filter";
    input.placeholder = box.getAttribute("data-linkroles-placeholder") || "Find a domain";
    input.setAttribute("aria-label", input.placeholder);
    box.insertBefore(input, box.firstChild);
    var items = box.querySelectorAll("tbody tr, ul.linkroles-tail > li");
    input.addEventListener("input", function () {
      var query = input.value.trim().toLowerCase();
      items.forEach(function (item) {
        var letter = item.querySelector("a") === null;  // the A-Z headings of the list
        item.hidden = query !== "" && (letter || item.textContent.toLowerCase().indexOf(query) < 0);
      });
    });
    var label = box.getAttribute("data-linkroles-sort") || "Sort by {column}";
    box.querySelectorAll("table").forEach(function (table) { sortable(table, label); });
  }

  function start() {
    document.querySelectorAll(".linkroles-filterable").forEach(filterable);
  }

  // Material's instant navigation swaps pages without loading them: `document$` says when.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
