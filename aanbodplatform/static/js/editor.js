// The offer editor: a map with a draggable pin for each place, so a person can correct the point.
// Without JavaScript the latitude and longitude fields do the same job.
(function () {
  "use strict";

  function initMap(box) {
    var lat = document.getElementById(box.getAttribute("data-lat"));
    var lon = document.getElementById(box.getAttribute("data-lon"));
    var moved = document.getElementById(box.getAttribute("data-moved"));
    if (!lat || !lon || !window.L || !lat.value || !lon.value) {
      return;
    }
    var point = [parseFloat(lat.value), parseFloat(lon.value)];
    if (isNaN(point[0]) || isNaN(point[1])) {
      return;
    }
    box.hidden = false;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", box.getAttribute("data-label") || "");
    var map = window.L.map(box).setView(point, 16);
    window.L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19,
      attribution: "&copy; OpenStreetMap"
    }).addTo(map);
    var marker = window.L.marker(point, { draggable: true, keyboard: true }).addTo(map);
    marker.on("dragend", function () {
      var at = marker.getLatLng();
      lat.value = at.lat.toFixed(6);
      lon.value = at.lng.toFixed(6);
      if (moved) {
        moved.value = "1";
      }
    });
    function follow() {
      var a = parseFloat(lat.value);
      var b = parseFloat(lon.value);
      if (!isNaN(a) && !isNaN(b)) {
        marker.setLatLng([a, b]);
        map.panTo([a, b]);
        if (moved) {
          moved.value = "1";
        }
      }
    }
    lat.addEventListener("change", follow);
    lon.addEventListener("change", follow);
  }

  window.addEventListener("load", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-pin-map]"), initMap);
  });
})();
