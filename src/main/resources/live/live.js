// sensor-bridge live page: readings arrive as Server-Sent Events from /live/events once they are written;
// the chart shows the last 10 minutes, one series per sensor (the first MAX_SERIES; the others counted as "+N more").
(function () {
  'use strict';
  const WINDOW_SECONDS = 600;
  const MAX_SERIES = 10;
  const MAX_TABLE_ROWS = 50;
  const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
    '#bcbd22', '#17becf'];

  const series = new Map(); // sensor -> [[seconds, value], ...] (sensors beyond MAX_SERIES are only counted)
  const latest = new Map(); // sensor -> {value, receivedAt, topic}
  let plot = null;
  let plotted = [];
  let dirty = false;
  let lastWritten = null;
  let lastStatsAt = null;

  const $ = (id) => document.getElementById(id);

  // the value of a reading: its temperature, or else its first numeric field
  function valueOf(reading) {
    if (typeof reading.temperature === 'number') return reading.temperature;
    for (const key of Object.keys(reading)) {
      if (typeof reading[key] === 'number' && key !== 'seq') return reading[key];
    }
    return null;
  }

  function onReading(event) {
    let line;
    try { line = JSON.parse(event.data); } catch (e) { return; }
    const reading = line.reading || {};
    const value = valueOf(reading);
    if (value === null) return;
    const sensor = typeof reading.sensor === 'string' ? reading.sensor : line.topic;
    const seconds = Date.parse(line.receivedAt) / 1000;
    latest.set(sensor, { value: value, receivedAt: line.receivedAt, topic: line.topic });
    if (!series.has(sensor) && series.size >= MAX_SERIES) return;
    if (!series.has(sensor)) series.set(sensor, []);
    series.get(sensor).push([seconds, value]);
    dirty = true;
  }

  function onStats(event) {
    const stats = JSON.parse(event.data);
    $('written').textContent = stats.written.toLocaleString('en');
    $('dead-letters').textContent = stats.deadLetters.toLocaleString('en');
    $('in-flight').textContent = stats.inFlight.toLocaleString('en');
    const now = performance.now();
    if (lastWritten !== null && now > lastStatsAt) {
      $('rate').textContent = Math.max(0, (stats.written - lastWritten) * 1000 / (now - lastStatsAt)).toFixed(1);
    }
    lastWritten = stats.written;
    lastStatsAt = now;
    const status = $('status');
    status.textContent = stats.subscribed ? 'MQTT subscribed' : 'MQTT not subscribed';
    status.className = 'status ' + (stats.subscribed ? 'up' : 'down');
    $('skipped').textContent = stats.skipped > 0
      ? ' · ' + stats.skipped.toLocaleString('en') + ' readings not drawn (more arrived than the page is sent)' : '';
    drawForwards(stats.forwards || []);
  }

  /** Each forward's lag: readings in the files its target has not acknowledged, and how old the oldest sent is. */
  function drawForwards(forwards) {
    $('forwards-section').hidden = forwards.length === 0;
    $('forwards').tBodies[0].replaceChildren(...forwards.map((f) => {
      const tr = document.createElement('tr');
      tr.dataset.forward = f.name;
      for (const text of [f.name, f.readings.toLocaleString('en'), f.seconds > 0 ? f.seconds + ' s' : 'none']) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.appendChild(td);
      }
      return tr;
    }));
  }

  function redraw() {
    if (!dirty) return;
    dirty = false;
    const cutoff = Date.now() / 1000 - WINDOW_SECONDS;
    const names = [...series.keys()];
    const times = new Set();
    for (const name of names) {
      const points = series.get(name).filter((p) => p[0] >= cutoff);
      series.set(name, points);
      for (const p of points) times.add(p[0]);
    }
    const xs = [...times].sort((a, b) => a - b);
    const index = new Map(xs.map((x, i) => [x, i]));
    const data = [xs];
    let count = 0;
    for (const name of names) {
      const ys = new Array(xs.length).fill(null);
      for (const p of series.get(name)) { ys[index.get(p[0])] = p[1]; count++; }
      data.push(ys);
    }
    const chart = $('chart');
    if (!plot || plotted.join('\n') !== names.join('\n')) {
      if (plot) plot.destroy();
      plotted = names;
      plot = new uPlot({
        width: Math.max(400, chart.clientWidth - 2), height: 320,
        scales: { x: { time: true } },
        series: [{}].concat(names.map((name, i) => ({
          label: name, stroke: COLOURS[i % COLOURS.length], width: 1.5, spanGaps: true,
          points: { show: xs.length < 200 },
        }))),
      }, data, chart);
    } else {
      plot.setData(data);
    }
    chart.dataset.points = String(count);
    $('empty').hidden = count > 0;
    const others = latest.size - names.length;
    $('more').textContent = others > 0 ? '+' + others + ' more' : '';
    drawTable();
  }

  function drawTable() {
    const body = $('latest').tBodies[0];
    const rows = [...latest.entries()].sort((a, b) => a[0].localeCompare(b[0])).slice(0, MAX_TABLE_ROWS);
    body.replaceChildren(...rows.map(([sensor, l]) => {
      const tr = document.createElement('tr');
      tr.dataset.sensor = sensor;
      for (const text of [sensor, String(l.value), l.receivedAt, l.topic]) {
        const td = document.createElement('td');
        td.textContent = text; // never innerHTML: topics and sensor ids come from anyone who can publish
        tr.appendChild(td);
      }
      return tr;
    }));
    $('latest-more').textContent = latest.size > MAX_TABLE_ROWS ? '+' + (latest.size - MAX_TABLE_ROWS) + ' more' : '';
  }

  const events = new EventSource('/live/events');
  events.onmessage = onReading;
  events.addEventListener('stats', onStats);
  events.onerror = () => {
    const status = $('status');
    status.textContent = 'page disconnected, retrying…';
    status.className = 'status unknown';
  };
  setInterval(redraw, 500);
})();
