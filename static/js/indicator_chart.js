// 安全生产指标 (templates/accidents/indicators.html): bars and lines of the yearly indicators.
// Data from the json_script block "indicator-data".
(function () {
  "use strict";
  var el = document.getElementById("indicator-chart");
  var source = document.getElementById("indicator-data");
  if (!el || !source || !window.echarts) return;
  var d = JSON.parse(source.textContent);
  if (!d) return;
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: {trigger: "axis"},
    legend: {data: ["事故起数", "死亡人数", "工矿商贸死亡", "亿元GDP死亡率"]},
    grid: {left: 40, right: 50, bottom: 30},
    xAxis: {type: "category", data: d.years},
    yAxis: [{type: "value", name: "起/人", minInterval: 1}, {type: "value", name: "死亡率"}],
    series: [
      {name: "事故起数", type: "bar", data: d.accidents},
      {name: "死亡人数", type: "bar", data: d.deaths},
      {name: "工矿商贸死亡", type: "line", data: d.industrial},
      {name: "亿元GDP死亡率", type: "line", yAxisIndex: 1, data: d.gdp_rate}
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
