// The day route's map: numbered stops, the route line, the start and nearby suggestions.
// Data comes from a json_script block (#route-map-data); labels are set as text, never HTML.
(function () {
  "use strict";
  var box = document.getElementById("route-map");
  var source = document.getElementById("route-map-data");
  if (!box || !source || typeof L === "undefined") return;
  var data = JSON.parse(source.textContent);

  function marker(lat, lon, cls, text, title) {
    var icon = L.divIcon({ className: "route-marker " + cls, html: "", iconSize: [26, 26], iconAnchor: [13, 13] });
    var m = L.marker([lat, lon], { icon: icon, title: title, alt: title, keyboard: true });
    m.on("add", function () {
      var el = m.getElement();
      if (el) el.textContent = text;
    });
    var label = document.createElement("span");
    label.textContent = title;
    m.bindTooltip(label);
    return m;
  }

  var map = L.map(box, { scrollWheelZoom: false });
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution || "" }).addTo(map);
  }
  var line = [[data.start.lat, data.start.lon]];
  var bounds = [[data.start.lat, data.start.lon]];
  marker(data.start.lat, data.start.lon, "route-marker-start", "P", "Partida: " + data.start.name).addTo(map);
  data.stops.forEach(function (stop) {
    var cls = stop.late ? "route-marker-stop route-marker-late" : "route-marker-stop";
    marker(stop.lat, stop.lon, cls, String(stop.number), stop.number + ". " + stop.name).addTo(map);
    line.push([stop.lat, stop.lon]);
    bounds.push([stop.lat, stop.lon]);
  });
  data.suggestions.forEach(function (place) {
    marker(place.lat, place.lon, "route-marker-suggestion", "?", "Sugerida: " + place.name).addTo(map);
    bounds.push([place.lat, place.lon]);
  });
  if (line.length > 1) L.polyline(line, { color: "#0d6efd", weight: 4, opacity: 0.8 }).addTo(map);
  if (bounds.length > 1) {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
  } else {
    map.setView(bounds[0], 15);
  }
})();
