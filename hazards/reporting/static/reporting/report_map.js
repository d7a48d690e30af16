// Map pick for the public report form: vendored Leaflet, tiles only when MAP_TILE_URL is set
// (district networks are often offline), otherwise the street outlines alone give the bearings.
(function () {
  var el = document.getElementById("report-map");
  if (!el || !window.L) { return; }
  var read = function (id) { var n = document.getElementById(id); return n ? JSON.parse(n.textContent) : null; };
  var streets = read("map-streets") || [];
  var tileUrl = read("map-tile-url");
  var lat = document.getElementById("id_lat"), lng = document.getElementById("id_lng");
  var label = document.getElementById("map-picked");
  var map = L.map(el, { attributionControl: !!tileUrl });
  if (tileUrl) {
    L.tileLayer(tileUrl, { maxZoom: 19, attribution: read("map-tile-attribution") || "" }).addTo(map);
  }
  var outlines = L.geoJSON(streets.map(function (s) {
    return { type: "Feature", properties: { name: s.name }, geometry: s.boundary };
  }), { style: { color: "#0d6efd", weight: 1, fillOpacity: 0.05 },
        onEachFeature: function (f, layer) { layer.bindTooltip(document.createTextNode(f.properties.name)); } }).addTo(map);
  if (outlines.getLayers().length) { map.fitBounds(outlines.getBounds()); } else { map.setView([40.66, 109.82], 12); }
  var marker = null;
  function pick(latlng) {
    var la = latlng.lat.toFixed(6), ln = latlng.lng.toFixed(6);
    lat.value = la; lng.value = ln;
    label.textContent = "已选位置：" + la + ", " + ln;
    if (marker) { marker.setLatLng(latlng); } else { marker = L.circleMarker(latlng, { radius: 8, color: "#d9261c" }).addTo(map); }
  }
  if (lat.value && lng.value) { pick(L.latLng(parseFloat(lat.value), parseFloat(lng.value))); }
  map.on("click", function (e) { pick(e.latlng); });
  outlines.on("click", function (e) { pick(e.latlng); });
  var locate = document.getElementById("locate-me");
  if (locate && navigator.geolocation) {
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        var ll = L.latLng(pos.coords.latitude, pos.coords.longitude);
        pick(ll); map.setView(ll, Math.max(map.getZoom(), 15));
      }, function () { label.textContent = "无法获取您的位置，请在地图上点选或填写地点"; });
    });
  } else if (locate) { locate.hidden = true; }
})();
