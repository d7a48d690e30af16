// 规划目标 (templates/accidents/plan_detail.html): one small line chart per target with its ceiling.
// Data from the json_script block "plan-data".
(function () {
  "use strict";
  var el = document.getElementById("plan-chart");
  var source = document.getElementById("plan-data");
  if (!el || !source || !window.echarts) return;
  var d = JSON.parse(source.textContent);
  if (!d || !d.targets || !d.targets.length) return;
  var chart = echarts.init(el);
  var n = d.targets.length, grids = [], xs = [], ys = [], series = [], titles = [];
  d.targets.forEach(function (t, i) {
    var top = (i * 100 / n) + 4, h = 100 / n - 10;
    grids.push({left: 50, right: 20, top: top + "%", height: h + "%"});
    xs.push({type: "category", data: d.years, gridIndex: i});
    ys.push({type: "value", gridIndex: i, scale: true});
    titles.push({text: t.label, top: (top - 4) + "%", left: "center", textStyle: {fontSize: 12}});
    series.push({name: t.label, type: "line", xAxisIndex: i, yAxisIndex: i, data: t.actual,
      markLine: t.ceiling === null ? undefined : {symbol: "none", data: [{yAxis: t.ceiling, name: "目标上限"}],
        lineStyle: {color: "#d9261c", type: "dashed"}}});
  });
  chart.setOption({title: titles, tooltip: {trigger: "axis"}, grid: grids, xAxis: xs, yAxis: ys, series: series});
  window.addEventListener("resize", function () { chart.resize(); });
})();
