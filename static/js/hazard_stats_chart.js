// 隐患排查治理统计 (templates/hazards/statistics.html): found / closed / overdue per street or industry.
// Data from the json_script block "stat-data".
(function () {
  "use strict";
  var el = document.getElementById("stat-chart");
  var source = document.getElementById("stat-data");
  if (!el || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  if (!data || !data.length) return;
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: {trigger: "axis"}, legend: {data: ["发现", "已销号", "逾期"]},
    grid: {left: 40, right: 10, bottom: 60},
    xAxis: {type: "category", data: data.map(function (d) { return d.name; }), axisLabel: {rotate: 30}},
    yAxis: {type: "value"},
    series: [
      {name: "发现", type: "bar", data: data.map(function (d) { return d.found; })},
      {name: "已销号", type: "bar", data: data.map(function (d) { return d.closed; })},
      {name: "逾期", type: "bar", data: data.map(function (d) { return d.overdue; })}
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
