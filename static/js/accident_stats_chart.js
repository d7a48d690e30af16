// 事故分类统计 (templates/accidents/statistics.html): deaths per year stacked by category.
// Data from the json_script block "stats-data".
(function () {
  "use strict";
  var el = document.getElementById("stats-chart");
  var source = document.getElementById("stats-data");
  if (!el || !source || !window.echarts) return;
  var d = JSON.parse(source.textContent);
  if (!d) return;
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: {trigger: "axis"},
    legend: {type: "scroll", data: d.series.map(function (s) { return s.name; })},
    grid: {left: 40, right: 20, bottom: 30, top: 50},
    xAxis: {type: "category", data: d.years},
    yAxis: {type: "value", name: "死亡人数", minInterval: 1},
    series: d.series.map(function (s) { return {name: s.name, type: "bar", stack: "deaths", data: s.deaths}; })
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
