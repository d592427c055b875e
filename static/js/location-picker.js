// A pin on a Leaflet map for a form's latitude and longitude fields: a tap or a drag sets
// them, typing in them moves the pin. Without this script the fields work as plain inputs.
(function () {
  "use strict";
  if (typeof L === "undefined") return;
  document.querySelectorAll("[data-location-map]").forEach(function (box) {
    var latInput = document.getElementById(box.dataset.latInput);
    var lonInput = document.getElementById(box.dataset.lonInput);
    var clear = box.parentElement.querySelector("[data-location-clear]");
    if (!latInput || !lonInput) return;
    var map = L.map(box, { scrollWheelZoom: false });
    if (box.dataset.tiles) {
      L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: box.dataset.attribution || "" }).addTo(map);
    }
    var icon = L.divIcon({ className: "route-marker route-marker-pin", html: "", iconSize: [24, 24], iconAnchor: [12, 24] });
    var pin = null;

    function typed() {
      var lat = parseFloat(String(latInput.value).replace(",", "."));
      var lon = parseFloat(String(lonInput.value).replace(",", "."));
      if (isNaN(lat) || isNaN(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
      return [lat, lon];
    }
    function write(latlng) {
      latInput.value = latlng.lat.toFixed(6);
      lonInput.value = latlng.lng.toFixed(6);
    }
    function place(at) {
      if (!pin) {
        pin = L.marker(at, { icon: icon, draggable: true, title: "Ubicación de la empresa" }).addTo(map);
        pin.on("dragend", function () { write(pin.getLatLng()); });
      } else {
        pin.setLatLng(at);
      }
      if (clear) clear.classList.remove("d-none");
    }

    var start = typed();
    if (start) {
      place(start);
      map.setView(start, 16);
    } else {
      map.setView([parseFloat(box.dataset.centerLat), parseFloat(box.dataset.centerLon)], 13);
    }
    map.on("click", function (event) {
      place(event.latlng);
      write(event.latlng);
    });
    [latInput, lonInput].forEach(function (input) {
      input.addEventListener("change", function () {
        var at = typed();
        if (at) { place(at); map.panTo(at); }
      });
    });
    if (clear) {
      clear.addEventListener("click", function () {
        latInput.value = "";
        lonInput.value = "";
        if (pin) { map.removeLayer(pin); pin = null; }
        clear.classList.add("d-none");
      });
    }
  });
})();
