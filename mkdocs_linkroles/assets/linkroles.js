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

  // Names sort from A to Z on the first click, numbers from the largest.
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
        var numeric = rows.length > 0 && number(key(rows[0].cells[column])) !== null &&
          rows[0].cells[column].getAttribute("data-sort") !== null;
        var current = head.getAttribute("aria-sort");
        var down = current ? current === "ascending" : numeric;
        heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
        head.setAttribute("aria-sort", down ? "descending" : "ascending");
        rows.sort(function (a, b) {
          var x = key(a.cells[column]);
          var y = key(b.cells[column]);
          var m = number(x), n = number(y);
          var order = numeric && m !== null && n !== null ? m - n : x.localeCompare(y);
          return down ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  // One box finds a domain in every table and in the list of domains linked once: the
  // collapsed parts that hold a match open, and a line says when nothing matches.
  function filterable(box) {
    if (box.getAttribute("data-linkroles-ready")) return;
    box.setAttribute("data-linkroles-ready", "1");
    var input = document.createElement("input");
    input.type = "search";
    input.className = "linkroles-filter";
    input.placeholder = box.getAttribute("data-linkroles-placeholder") || "Find a domain";
    input.setAttribute("aria-label", input.placeholder);
    box.insertBefore(input, box.firstChild);
    var none = document.createElement("p");
    none.className = "linkroles-none";
    none.setAttribute("role", "status");
    none.hidden = true;
    none.textContent = box.getAttribute("data-linkroles-none") || "No domain matches.";
    box.insertBefore(none, input.nextSibling);
    var items = box.querySelectorAll("tbody tr, ul.linkroles-tail > li");
    var parts = box.querySelectorAll("details.linkroles-more");
    var opened = [];
    parts.forEach(function (part) { opened.push(part.open); });
    var tables = box.querySelectorAll(".linkroles-table");
    input.addEventListener("input", function () {
      var query = input.value.trim().toLowerCase();
      var found = 0;
      items.forEach(function (item) {
        var letter = item.querySelector("a") === null;  // the A-Z headings of the list
        var match = query === "" || (!letter && item.textContent.toLowerCase().indexOf(query) >= 0);
        item.hidden = !match;
        if (match && !letter) found += 1;
      });
      parts.forEach(function (part, index) {
        part.open = query === "" ? opened[index] :
          part.querySelector("tbody tr:not([hidden]), ul.linkroles-tail > li:not([hidden])") !== null;
      });
      tables.forEach(function (table) {  // a table with no row left shows no empty header
        table.hidden = query !== "" && table.querySelector("tbody tr:not([hidden])") === null;
      });
      none.hidden = query === "" || found > 0;
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
