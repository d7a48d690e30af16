/* 风险地图 (vendored Leaflet + markercluster). Layers come from the cockpit's compact JSON endpoints:
   {"fields": [...], "rows": [[...], ...]} — one array per point, no per-row objects on the server. */
(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('map-config').textContent);
  var statusEl = document.getElementById('map-status');
  var map = L.map('risk-map', {preferCanvas: true, zoomSnap: 0.5, minZoom: 5, maxZoom: 19});
  map.setView([40.66, 109.82], 12);
  map.attributionControl.setPrefix('');
  if (cfg.tiles) {
    L.tileLayer(cfg.tiles, {attribution: cfg.attribution, maxZoom: 19}).addTo(map);
  }
  var control = L.control.layers(null, null, {collapsed: window.innerWidth < 768}).addTo(map);
  var levels = {};
  cfg.levels.forEach(function (lv) { levels[lv.key] = lv; });
  var loaded = {};

  function esc(text) {
    return String(text === null || text === undefined ? '' : text).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }
  function url(template, id) { return template.replace('/0/', '/' + id + '/'); }
  function enterpriseLink(id) { return '<a href="' + url(cfg.enterprise_url, id) + '">查看企业档案 »</a>'; }
  function getJSON(href) {
    return fetch(href, {credentials: 'same-origin', headers: {'Accept': 'application/json'}}).then(function (r) {
      if (!r.ok) { throw new Error('HTTP ' + r.status); }
      return r.json();
    });
  }
  function rowsOf(data) {
    return data.rows.map(function (row) {
      var o = {};
      data.fields.forEach(function (f, i) { o[f] = row[i]; });
      return o;
    });
  }
  function clusterGroup(colour, textColour) {
    return L.markerClusterGroup({
      chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45, spiderfyOnMaxZoom: true,
      iconCreateFunction: function (cluster) {
        var n = cluster.getChildCount();
        var size = n < 100 ? 34 : (n < 1000 ? 40 : 46);
        return L.divIcon({
          html: '<div class="map-cluster" style="background:' + colour + ';color:' + textColour + ';width:' + size +
                'px;height:' + size + 'px"><span style="line-height:' + (size - 4) + 'px">' + n + '</span></div>',
          className: '', iconSize: [size, size]
        });
      }
    });
  }
  function symbol(text, colour) {
    return L.divIcon({html: '<div class="map-symbol" style="background:' + colour + '">' + text + '</div>',
                      className: '', iconSize: [20, 20], iconAnchor: [10, 10], popupAnchor: [0, -10]});
  }
  function popupOn(group, content) {
    group.on('click', function (e) {
      L.popup().setLatLng(e.layer.getLatLng()).setContent(content(e.layer.options.row)).openOn(map);
    });
  }
  function addOverlay(layer, label, count) {
    layer.addTo(map);
    control.addOverlay(layer, label + '（' + count + '）');
  }

  var rank = {};
  cfg.levels.forEach(function (lv, i) { rank[lv.key] = i; });

  /* One cluster group for all enterprises (a cluster takes the colour of its worst risk level);
     the four level toggles add or remove that level's markers from it. */
  function enterprises(data) {
    var byLevel = {};
    cfg.levels.forEach(function (lv) { byLevel[lv.key] = []; });
    rowsOf(data).forEach(function (e) {
      var lv = levels[e.risk] || levels.low;
      byLevel[lv.key].push(L.circleMarker([e.lat, e.lng], {
        radius: 6, weight: 1, color: '#ffffff', fillColor: lv.colour, fillOpacity: 0.95, row: e, level: lv.key
      }));
    });
    var group = L.markerClusterGroup({
      chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 60, spiderfyOnMaxZoom: true,
      iconCreateFunction: function (cluster) {
        var worst = cfg.levels.length - 1;
        cluster.getAllChildMarkers().forEach(function (m) { worst = Math.min(worst, rank[m.options.level]); });
        var lv = cfg.levels[worst];
        var n = cluster.getChildCount();
        var size = n < 100 ? 34 : (n < 1000 ? 42 : 50);
        return L.divIcon({
          html: '<div class="map-cluster" style="background:' + lv.colour + ';color:' +
                (lv.key === 'general' ? '#212529' : '#ffffff') + ';width:' + size + 'px;height:' + size +
                'px"><span style="line-height:' + (size - 4) + 'px">' + n + '</span></div>',
          className: '', iconSize: [size, size]
        });
      }
    });
    popupOn(group, function (e) {
      return '<strong>' + esc(e.name) + '</strong><br>' + esc(levels[e.risk].label) + '<br>' + enterpriseLink(e.id);
    });
    var toggles = {};
    cfg.levels.forEach(function (lv) {
      group.addLayers(byLevel[lv.key]);
      toggles[lv.key] = L.layerGroup();
      toggles[lv.key].addTo(map);
      control.addOverlay(toggles[lv.key], '企业·' + lv.label + '（' + byLevel[lv.key].length + '）');
    });
    group.addTo(map);
    map.on('overlayadd overlayremove', function (ev) {
      cfg.levels.forEach(function (lv) {
        if (ev.layer !== toggles[lv.key]) { return; }
        if (ev.type === 'overlayadd') { group.addLayers(byLevel[lv.key]); } else { group.removeLayers(byLevel[lv.key]); }
      });
    });
    return data.rows.length;
  }

  function points(data, text, colour, label, content) {
    var group = clusterGroup(colour, '#ffffff');
    group.addLayers(rowsOf(data).map(function (p) {
      return L.marker([p.lat, p.lng], {icon: symbol(text, colour), row: p, title: p.name || p.enterprise_name});
    }));
    popupOn(group, content);
    addOverlay(group, label, data.rows.length);
    return data.rows.length;
  }

  var layers = {
    enterprises: enterprises,
    sources: function (d) {
      return points(d, '危', '#6f42c1', '重大危险源', function (p) {
        return '<strong>' + esc(p.name) + '</strong>（' + ['', '一级', '二级', '三级', '四级'][p.grade] + '重大危险源）<br>' +
               esc(p.enterprise_name) + '<br>' + enterpriseLink(p.enterprise);
      });
    },
    hazards: function (d) {
      return points(d, '隐', '#b02a37', '重大隐患（未销号）', function (h) {
        return '<strong>' + esc(h.enterprise_name) + '</strong><br>' + esc(h.description) +
               (h.overdue ? '<br><span class="text-danger">已逾期</span>' : '') +
               (h.supervised ? '<br><span class="text-warning">挂牌督办</span>' : '') +
               '<br><a href="' + url(cfg.hazard_url, h.id) + '">查看隐患 »</a> ' + enterpriseLink(h.enterprise);
      });
    },
    shelters: function (d) {
      return points(d, '避', '#198754', '避难场所', function (s) {
        return '<strong>' + esc(s.name) + '</strong><br>可容纳 ' + esc(s.capacity) + ' 人<br>' + esc(s.address);
      });
    },
    teams: function (d) {
      return points(d, '队', '#0b5ed7', '救援队伍', function (t) {
        return '<strong>' + esc(t.name) + '</strong><br>队长 ' + esc(t.leader) + ' ' + esc(t.phone);
      });
    },
    depots: function (d) {
      return points(d, '库', '#795548', '物资储备库', function (t) {
        return '<strong>' + esc(t.name) + '</strong><br>管理人 ' + esc(t.manager) + ' ' + esc(t.phone);
      });
    }
  };

  var legend = L.control({position: 'bottomleft'});
  legend.onAdd = function () {
    var div = L.DomUtil.create('div', 'map-legend');
    div.innerHTML = cfg.levels.map(function (lv) {
      return '<span class="swatch" style="background:' + lv.colour + '"></span>' + esc(lv.label);
    }).join('<br>');
    return div;
  };
  legend.addTo(map);

  getJSON(cfg.data.regions).then(function (geo) {
    var outlines = L.geoJSON(geo, {
      style: function (f) {
        var district = f.properties.kind === 'district';
        return {color: district ? '#0d6efd' : '#6c757d', weight: district ? 3 : 1.5,
                fillColor: '#0d6efd', fillOpacity: district ? 0.02 : 0.05, interactive: !district};
      },
      onEachFeature: function (f, layer) {
        if (f.properties.kind !== 'district') { layer.bindTooltip(esc(f.properties.name), {sticky: true}); }
      }
    });
    if (geo.features.length) {
      outlines.addTo(map);
      control.addOverlay(outlines, '街道边界');
      map.fitBounds(outlines.getBounds(), {padding: [10, 10]});
    }
  }).catch(function () { statusEl.textContent = '边界图层加载失败'; }).then(function () {
    return Promise.all(Object.keys(layers).map(function (key) {
      return getJSON(cfg.data[key]).then(function (data) {
        loaded[key] = layers[key](data);
      }).catch(function (err) { loaded[key] = null; statusEl.setAttribute('data-error', key + ': ' + err); });
    }));
  }).then(function () {
    var failed = Object.keys(loaded).filter(function (k) { return loaded[k] === null; });
    statusEl.textContent = '已加载企业 ' + (loaded.enterprises || 0) + ' 家，重大隐患 ' + (loaded.hazards || 0) + ' 条' +
      (failed.length ? '；部分图层加载失败，请刷新重试' : '');
    document.getElementById('risk-map').setAttribute('data-loaded', 'true');
  });
})();
