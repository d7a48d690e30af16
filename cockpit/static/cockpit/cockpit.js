/* Cockpit charts (vendored ECharts). Every bar/point links to the list behind it. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('cockpit-charts').textContent);
  var charts = [];

  function make(id, option, urlsBySeries) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var chart = echarts.init(el);
    chart.setOption(option);
    chart.on('click', function (p) {
      var urls = urlsBySeries[p.seriesName] || urlsBySeries['*'];
      if (urls && urls[p.dataIndex]) { window.location.href = urls[p.dataIndex]; }
    });
    charts.push(chart);
  }

  var grid = {left: 48, right: 24, top: 40, bottom: 30, containLabel: true};

  make('chart-trend', {
    tooltip: {trigger: 'axis'},
    legend: {data: ['发现', '销号']},
    grid: grid,
    xAxis: {type: 'category', data: data.trend.weeks},
    yAxis: {type: 'value', minInterval: 1},
    series: [
      {name: '发现', type: 'line', smooth: true, data: data.trend.found, itemStyle: {color: '#d9261c'}},
      {name: '销号', type: 'line', smooth: true, data: data.trend.closed, itemStyle: {color: '#198754'}}
    ]
  }, {'发现': data.trend.found_urls, '销号': data.trend.closed_urls});

  var deathSeries = [{name: '死亡人数', type: 'bar', data: data.deaths.deaths, itemStyle: {color: '#6f42c1'}}];
  var legend = ['死亡人数'];
  if (data.deaths.ceiling) {
    deathSeries.push({name: '规划目标上限', type: 'line', data: data.deaths.ceiling, connectNulls: false,
                      lineStyle: {type: 'dashed'}, itemStyle: {color: '#d9261c'}});
    legend.push('规划目标上限');
  }
  make('chart-deaths', {
    tooltip: {trigger: 'axis'},
    legend: {data: legend},
    grid: grid,
    xAxis: {type: 'category', data: data.deaths.years},
    yAxis: {type: 'value', name: '人', minInterval: 1},
    series: deathSeries
  }, {'*': data.deaths.urls});

  make('chart-industries', {
    tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
    legend: {data: ['未销号', '其中逾期']},
    grid: {left: 8, right: 24, top: 40, bottom: 10, containLabel: true},
    xAxis: {type: 'value', minInterval: 1},
    yAxis: {type: 'category', inverse: true, data: data.industries.names,
            axisLabel: {interval: 0, width: 110, overflow: 'truncate'}},
    series: [
      {name: '未销号', type: 'bar', data: data.industries.open, itemStyle: {color: '#1c64d9'}},
      {name: '其中逾期', type: 'bar', data: data.industries.overdue, itemStyle: {color: '#d9261c'}}
    ]
  }, {'未销号': data.industries.open_urls, '其中逾期': data.industries.overdue_urls});

  make('chart-filing', {
    tooltip: {trigger: 'axis', valueFormatter: function (v) { return v === null ? '—' : v + '%'; }},
    grid: grid,
    xAxis: {type: 'category', data: data.filing.names, axisLabel: {interval: 0, rotate: 30}},
    yAxis: {type: 'value', max: 100, axisLabel: {formatter: '{value}%'}},
    series: [{name: '填报率', type: 'bar', data: data.filing.rates, itemStyle: {color: '#0dcaf0'},
              label: {show: true, position: 'top', formatter: '{c}%'}}]
  }, {'*': data.filing.urls});

  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
