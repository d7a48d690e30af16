// 网格巡查 (templates/inspections/patrol_detail.html): "获取当前位置" fills the location form from
// the phone's position and saves it; without a position the officer types the coordinates.
(function () {
  "use strict";
  var btn = document.getElementById("btn-geolocate");
  var status = document.getElementById("geo-status");
  if (!btn || !status) return;
  btn.addEventListener("click", function () {
    if (!navigator.geolocation) { status.textContent = "此浏览器不支持定位，请手动填写经纬度。"; return; }
    status.textContent = "正在获取位置…";
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById("id_loc-lat").value = pos.coords.latitude.toFixed(6);
      document.getElementById("id_loc-lng").value = pos.coords.longitude.toFixed(6);
      document.getElementById("id_loc-accuracy").value = Math.round(pos.coords.accuracy || 0);
      status.textContent = "已获取位置，正在保存…";
      document.getElementById("patrol-location").submit();
    }, function (err) {
      status.textContent = "无法获取位置（" + err.message + "），请检查定位权限或手动填写。";
    }, {enableHighAccuracy: true, timeout: 15000, maximumAge: 0});
  });
})();
