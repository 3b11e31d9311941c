/* Dashboard: sortable data tables and the coverage map (progressive enhancement). */
(function () {
  "use strict";

  function cellValue(row, index, type) {
    var cell = row.children[index];
    if (!cell) return "";
    if (type === "number") return parseFloat(cell.getAttribute("data-value") || cell.textContent) || 0;
    return (cell.textContent || "").trim().toLocaleLowerCase();
  }

  function sortBy(table, header, index, type) {
    var current = header.getAttribute("aria-sort");
    var ascending = current !== "ascending";
    table.querySelectorAll("thead th[aria-sort]").forEach(function (th) {
      th.setAttribute("aria-sort", "none");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var collator = new Intl.Collator(document.documentElement.lang || undefined);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, type);
      var y = cellValue(b, index, type);
      var order = type === "number" ? x - y : collator.compare(x, y);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) {
      body.appendChild(row);
    });
  }

  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (header, index) {
      var button = header.querySelector(".sort-button");
      if (!button) return;
      button.addEventListener("click", function () {
        sortBy(table, header, index, button.getAttribute("data-sort-type"));
      });
    });
  });

  /* The map shows one labelled circle per municipality, its size the number of offers. */
  var box = document.getElementById("coverage-map");
  var table = document.getElementById("coverage-table");
  if (!box || !table) return;
  var points = Array.prototype.map.call(table.tBodies[0].rows, function (row) {
    return {
      lat: parseFloat(row.getAttribute("data-lat")),
      lon: parseFloat(row.getAttribute("data-lon")),
      count: parseInt(row.getAttribute("data-count"), 10) || 0,
      name: row.getAttribute("data-name"),
      gap: row.classList.contains("gap"),
    };
  });
  var script = document.createElement("script");
  script.src = box.getAttribute("data-leaflet-js");
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = box.getAttribute("data-leaflet-css");
  document.head.appendChild(css);
  script.onload = function () {
    var L = window.L;
    box.hidden = false;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", box.getAttribute("data-label") || "");
    var map = L.map(box, { scrollWheelZoom: false });
    var bounds = points.map(function (p) {
      return [p.lat, p.lon];
    });
    if (bounds.length > 1) map.fitBounds(bounds, { padding: [20, 20] });
    else if (bounds.length === 1) map.setView(bounds[0], 11);
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    }).addTo(map);
    var largest = Math.max.apply(null, points.map(function (p) { return p.count; }).concat([1]));
    points.forEach(function (p) {
      L.circleMarker([p.lat, p.lon], {
        radius: 6 + 18 * Math.sqrt(p.count / largest),
        className: p.gap ? "coverage-dot coverage-gap" : "coverage-dot",
      })
        .bindTooltip(p.name + ": " + p.count.toLocaleString(document.documentElement.lang), {
          permanent: bounds.length <= 30,
          direction: "top",
        })
        .addTo(map);
    });
  };
  document.head.appendChild(script);
})();
