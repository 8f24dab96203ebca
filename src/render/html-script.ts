// The page's own script (runs in the browser, after uPlot): draws the charts from the inlined data.
// Kept as plain ES2017 text so the report needs no bundler; every value it shows comes from the data block.

/** The script that draws every chart into its `[data-chart]` element. */
export const CHART_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('chart-data').textContent);
  var LAYER_COLOURS = {
    spike: '#d62728', 'product-minute': '#ff7f0e', 'product-day': '#9467bd', 'tenant-minute': '#8c564b',
    'tenant-day': '#e377c2', 'legacy-credit': '#7f7f7f', unknown: '#111111'
  };
  var drawn = (window.keapCharts = {});
  var utc = function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); };
  var width = function (el) { return Math.max(320, el.clientWidth); };
  var sync = uPlot.sync('time');

  function marks(list) {
    return function (u) {
      var ctx = u.ctx;
      var ratio = window.devicePixelRatio || 1;
      list.forEach(function (mark) {
        if (mark.x === null || mark.x === undefined) return;
        var cx = Math.round(u.valToPos(mark.x, 'x', true));
        if (cx < u.bbox.left || cx > u.bbox.left + u.bbox.width) return;
        ctx.save();
        ctx.strokeStyle = mark.colour;
        ctx.fillStyle = mark.colour;
        ctx.lineWidth = 2 * ratio;
        ctx.setLineDash(mark.dash ? [6 * ratio, 4 * ratio] : []);
        ctx.beginPath();
        ctx.moveTo(cx, u.bbox.top);
        ctx.lineTo(cx, u.bbox.top + u.bbox.height);
        ctx.stroke();
        ctx.font = (12 * ratio) + 'px system-ui, sans-serif';
        ctx.textAlign = mark.right ? 'right' : 'left';
        ctx.fillText(mark.label, cx + (mark.right ? -6 : 6) * ratio, u.bbox.top + (14 + 16 * (mark.row || 0)) * ratio);
        ctx.restore();
      });
    };
  }

  function make(name, options, columns) {
    var el = document.querySelector('[data-chart="' + name + '"]');
    if (!el) return;
    options.width = width(el);
    options.height = options.height || 260;
    options.hooks = options.hooks || {};
    options.hooks.ready = [function (u) {
      drawn[name] = { series: u.series.length - 1, points: u.data[0].length, canvas: !!u.root.querySelector('canvas') };
    }];
    var chart = new uPlot(options, columns, el);
    window.addEventListener('resize', function () { chart.setSize({ width: width(el), height: options.height }); });
  }

  function line(label, colour, extra) {
    var series = { label: label, stroke: colour, width: 2, points: { show: false }, spanGaps: true };
    for (var key in extra) series[key] = extra[key];
    return series;
  }

  function layerSeries(scale, only) {
    return data.time.throttledByLayer.filter(function (entry) { return !only || only.indexOf(entry.layer) >= 0; }).map(function (entry) {
      return {
        label: '429s: ' + entry.layer, stroke: LAYER_COLOURS[entry.layer], fill: LAYER_COLOURS[entry.layer],
        scale: scale, paths: function () { return null; }, points: { show: true, size: 9, width: 1 }, counts: entry.counts
      };
    });
  }

  function timeChart(name, title, own, server, limit, unit, layers, modelRate) {
    var t = data.time;
    var series = [{}, line('own ' + unit + ' (rebuilt from the log)', '#1f77b4')];
    var columns = [t.x, own];
    var bands = [];
    if (server && server.some(function (v) { return v !== null; })) {
      series.push(line("server's used (counters)", '#2ca02c'));
      columns.push(server);
      bands.push({ series: [2, 1], fill: 'rgba(44, 160, 44, 0.15)' });
    }
    series.push(line('limit', '#d62728', { dash: [8, 5], width: 1.5 }));
    columns.push(limit);
    if (modelRate !== null && modelRate !== undefined) {
      series.push(line('SpikeArrest rate in the model (' + modelRate + '/s)', '#ff7f0e', { dash: [3, 4], width: 1.5 }));
      columns.push(t.x.map(function () { return modelRate; }));
    }
    var marked = layerSeries('n429', layers);
    marked.forEach(function (s) { var counts = s.counts; delete s.counts; series.push(s); columns.push(counts); });
    var axes = [{}, { label: unit, scale: 'y' }];
    if (marked.length > 0) axes.push({ label: '429s per point', scale: 'n429', side: 1, grid: { show: false } });
    make(name, {
      title: title, tzDate: utc, series: series, bands: bands, cursor: { sync: { key: sync.key } },
      scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(1, max) * 1.1]; } },
        n429: { range: function (u, min, max) { return [0, Math.max(1, max) * 1.6]; } } },
      axes: axes
    }, columns);
  }

  timeChart('per-second', 'Requests per second (busiest key, peak per point) and every 429 by layer', data.time.perSecond, null,
    data.time.limitPerSecond, 'requests / s', null, data.time.modelRate);
  timeChart('per-minute', 'Requests per minute: your log vs the server\u2019s counter (the gap is other consumers)',
    data.time.perMinute, data.time.serverMinute, data.time.limitPerMinute, 'requests / 60 s', ['product-minute', 'tenant-minute']);
  timeChart('per-day', 'Requests per UTC day: your log vs the server\u2019s counter', data.time.perDay,
    data.time.serverDay, data.time.limitPerDay, 'requests today', ['product-day', 'tenant-day']);

  var s = data.spacing;
  var bars = uPlot.paths.bars({ align: 1, size: [1, 200], gap: 1 });
  make('spacing', {
    title: 'Gaps between a key\u2019s consecutive requests',
    series: [
      { label: 'gap from (ms)' },
      { label: 'before accepted', stroke: '#1f77b4', fill: 'rgba(31, 119, 180, 0.55)', paths: bars, points: { show: false } },
      { label: 'before throttled', stroke: '#d62728', fill: 'rgba(214, 39, 40, 0.75)', paths: bars, points: { show: false } }
    ],
    scales: { x: { time: false, distr: 3 }, y: { range: function (u, min, max) { return [0, Math.max(1, max) * 1.15]; } } },
    axes: [{ label: 'gap (ms, log scale)' }, { label: 'requests' }],
    hooks: { draw: [marks([
      { x: s.intervalMs, label: 'per-processor interval ' + Math.round(s.intervalMs) + ' ms', colour: '#ff7f0e' },
      { x: s.intervalUpperMs, label: 'largest plausible ' + Math.round(s.intervalUpperMs) + ' ms', colour: '#ff7f0e', dash: true, row: 1 },
      { x: s.minSpacingMs, label: 'advised ' + s.minSpacingMs + ' ms', colour: '#2ca02c', row: 2 }
    ])] }
  }, [s.x, s.accepted, s.throttled]);

  var c = data.share;
  if (c.x.length > 0) {
    make('share', {
      title: 'Expected 429 share of a steady client by spacing',
      series: [{ label: 'spacing (ms)' }, line('expected 429s (%)', '#9467bd', { fill: 'rgba(148, 103, 189, 0.12)' })],
      scales: { x: { time: false }, y: { range: function (u, min, max) { return [0, Math.max(1, max) * 1.1]; } } },
      axes: [{ label: 'spacing between requests of one key (ms)' }, { label: '% of requests rejected' }],
      hooks: { draw: [marks([
        { x: c.minSpacingMs, label: 'advised ' + c.minSpacingMs + ' ms', colour: '#2ca02c' },
        { x: c.failingSpacingMs, label: 'rejected in your log up to ' + c.failingSpacingMs + ' ms', colour: '#d62728', dash: true, row: 1 }
      ])] }
    }, [c.x, c.percent]);
  }
})();
`;
