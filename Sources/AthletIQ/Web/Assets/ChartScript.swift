/// The activity charts come alive: a crosshair under the pointer (or finger) on every chart at
/// once, with each series' value, a marker at that point on the map, and a stretch selected by
/// dragging, with its distance, time, pace or speed, heart rate, power, cadence and climbing.
/// The data comes from the page (`.chartdata`); without JavaScript the charts stay as drawn.
enum ChartScript {
    static let js = #"""
    (function () {
      var holder = document.querySelector(".chartdata");
      var charts = Array.prototype.slice.call(document.querySelectorAll("svg.chart[data-chart]"));
      if (!holder || !charts.length) { return; }
      var data;
      try { data = JSON.parse(holder.dataset.json); } catch (error) { return; }
      var NS = "http://www.w3.org/2000/svg", lang = document.documentElement.lang || "en";
      var xs = data.x, readout = document.querySelector(".readout"), panel = document.querySelector(".selection");
      function known(value) { return value !== null && value !== undefined; }
      function pad(n) { return (n < 10 ? "0" : "") + n; }
      function clock(seconds) {
        var s = Math.round(seconds), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, r = s % 60;
        return h ? h + ":" + pad(m) + ":" + pad(r) : m + ":" + pad(r);
      }
      function number(value, digits) {
        return value.toLocaleString(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits });
      }
      function write(series, value) {
        if (!known(value)) { return "–"; }
        // A pace reads m:ss /km: the axis' "min" is in the clock already.
        return series.pace ? clock(value * 60) + "\u00a0" + series.unit.replace(/^min/, "")
          : number(value, Math.abs(value) < 10 ? 1 : 0) + "\u00a0" + series.unit;
      }
      function element(name, attributes, parent) {
        var node = document.createElementNS(NS, name);
        Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
        parent.appendChild(node);
        return node;
      }
      charts.forEach(function (svg) {
        var plot = svg.dataset.plot.split(",").map(Number), x = svg.dataset.x.split(",").map(Number), y = svg.dataset.y.split(",").map(Number);
        svg.geometry = { left: plot[0], top: plot[1], width: plot[2], height: plot[3], x0: x[0], x1: x[1], y0: y[0], y1: y[1] };
        svg.series = data.series[Number(svg.dataset.chart)];
        var layer = element("g", { "class": "interaction" }, svg);
        svg.band = element("rect", { "class": "band", y: plot[1], height: plot[3], width: 0, visibility: "hidden" }, layer);
        svg.cross = element("line", { "class": "crosshair", y1: plot[1], y2: plot[1] + plot[3], visibility: "hidden" }, layer);
        svg.dot = element("circle", { "class": "crossdot", r: 4, visibility: "hidden" }, layer);
        svg.label = element("text", { "class": "crosslabel", y: plot[1] + 14, visibility: "hidden" }, layer);
        svg.classList.add("live");
      });
      function px(svg, value) { var g = svg.geometry; return g.left + g.width * (value - g.x0) / (g.x1 - g.x0); }
      function py(svg, value) { var g = svg.geometry; return g.top + g.height * (1 - (value - g.y0) / Math.max(1e-9, g.y1 - g.y0)); }
      // The sample nearest the pointer, along the chart's x-axis.
      function indexAt(svg, clientX) {
        var box = svg.getBoundingClientRect(), g = svg.geometry;
        var viewX = (clientX - box.left) / box.width * svg.viewBox.baseVal.width;
        var value = g.x0 + (viewX - g.left) / g.width * (g.x1 - g.x0), best = -1, distance = Infinity;
        for (var i = 0; i < xs.length; i++) {
          if (!known(xs[i])) { continue; }
          var d = Math.abs(xs[i] - value);
          if (d < distance) { distance = d; best = i; }
        }
        return best;
      }
      var current = -1;
      function show(i) {
        if (i < 0 || !known(xs[i])) { return; }
        current = i;
        var head = data.axis === "distance" && known(data.d[i]) ? number(data.d[i] / 1000, 2) + "\u00a0km" : clock(data.t[i] || 0);
        var text = [head];
        charts.forEach(function (svg) {
          var at = px(svg, xs[i]), value = svg.series.values[i], shown = known(value);
          svg.cross.setAttribute("x1", at); svg.cross.setAttribute("x2", at); svg.cross.setAttribute("visibility", "visible");
          svg.dot.setAttribute("visibility", shown ? "visible" : "hidden");
          if (shown) { svg.dot.setAttribute("cx", at); svg.dot.setAttribute("cy", py(svg, value)); }
          svg.label.textContent = write(svg.series, value);
          var right = at > svg.geometry.left + svg.geometry.width * 0.7;
          svg.label.setAttribute("x", right ? at - 6 : at + 6);
          svg.label.setAttribute("text-anchor", right ? "end" : "start");
          svg.label.setAttribute("visibility", "visible");
          text.push(svg.series.label + " " + write(svg.series, value));
        });
        if (readout) { readout.textContent = text.join(" · "); }
        var here = known(data.lat[i]) && known(data.lon[i]) ? { lat: data.lat[i], lon: data.lon[i] } : null;
        document.dispatchEvent(new CustomEvent("athletiq:position", { detail: here }));
      }
      function hide() {
        charts.forEach(function (svg) {
          svg.cross.setAttribute("visibility", "hidden"); svg.dot.setAttribute("visibility", "hidden"); svg.label.setAttribute("visibility", "hidden");
        });
        document.dispatchEvent(new CustomEvent("athletiq:position", { detail: null }));
      }
      // A stretch: its figures over the samples it spans, each weighted by the time it stands for.
      function summary(from, to) {
        var rows = [], t = data.t, seconds = (t[to] || 0) - (t[from] || 0);
        if (known(data.d[to]) && known(data.d[from])) {
          var metres = data.d[to] - data.d[from];
          rows.push([data.labels.distance, number(metres / 1000, 2) + "\u00a0km"]);
          if (seconds > 0 && metres > 0) {
            var speed = metres / seconds;
            rows.push([data.labels.speed, data.measure === "speed" ? number(speed * 3.6, 1) + "\u00a0km/h"
              : clock((data.measure === "pace" ? 1000 : 100) / speed) + (data.measure === "pace" ? "\u00a0/km" : "\u00a0/100\u00a0m")]);
          }
        }
        rows.splice(1, 0, [data.labels.time, clock(seconds)]);
        data.series.forEach(function (series) {
          if (series.key === "altitude") {
            var climb = 0, last = null;
            for (var i = from; i <= to; i++) {
              var v = series.values[i];
              if (!known(v)) { continue; }
              if (last !== null && v > last) { climb += v - last; }
              last = v;
            }
            rows.push([data.labels.climb, number(climb, 0) + "\u00a0m"]);
          } else if (series.key !== "speed") {
            var sum = 0, weight = 0;
            for (var j = from; j < to; j++) {
              var w = Math.max(0, (t[j + 1] || 0) - (t[j] || 0));
              if (known(series.values[j]) && w > 0) { sum += series.values[j] * w; weight += w; }
            }
            if (weight > 0) { rows.push([series.label, write(series, sum / weight)]); }
          }
        });
        return rows;
      }
      function select(from, to) {
        if (to < from) { var swap = from; from = to; to = swap; }
        charts.forEach(function (svg) {
          var a = px(svg, xs[from]), b = px(svg, xs[to]);
          svg.band.setAttribute("x", Math.min(a, b)); svg.band.setAttribute("width", Math.abs(b - a)); svg.band.setAttribute("visibility", "visible");
        });
        if (!panel) { return; }
        var list = panel.querySelector("dl");
        list.textContent = "";
        summary(from, to).forEach(function (row) {
          var pair = document.createElement("div"), term = document.createElement("dt"), value = document.createElement("dd");
          term.textContent = row[0]; value.textContent = row[1];
          pair.appendChild(term); pair.appendChild(value); list.appendChild(pair);
        });
        panel.hidden = false;
        var points = [];
        for (var i = from; i <= to; i++) { if (known(data.lat[i]) && known(data.lon[i])) { points.push([data.lat[i], data.lon[i]]); } }
        document.dispatchEvent(new CustomEvent("athletiq:stretch", { detail: points }));
      }
      function clear() {
        charts.forEach(function (svg) { svg.band.setAttribute("visibility", "hidden"); });
        if (panel) { panel.hidden = true; }
        document.dispatchEvent(new CustomEvent("athletiq:stretch", { detail: [] }));
      }
      if (panel) { panel.querySelector("button").addEventListener("click", clear); }
      var drag = null;
      charts.forEach(function (svg) {
        svg.addEventListener("pointerdown", function (event) {
          var i = indexAt(svg, event.clientX);
          if (i < 0) { return; }
          drag = { from: i, x: event.clientX, moved: false };
          svg.setPointerCapture(event.pointerId);
          show(i);
        });
        svg.addEventListener("pointermove", function (event) {
          var i = indexAt(svg, event.clientX);
          show(i);
          if (drag && Math.abs(event.clientX - drag.x) > 4) { drag.moved = true; select(drag.from, i); }
        });
        svg.addEventListener("pointerup", function (event) {
          if (drag && drag.moved) { select(drag.from, indexAt(svg, event.clientX)); }
          drag = null;
        });
        svg.addEventListener("pointercancel", function () { drag = null; });
        // From the keyboard: the arrows move the crosshair, Escape hides it.
        svg.setAttribute("tabindex", "0");
        svg.addEventListener("keydown", function (event) {
          var step = { ArrowLeft: -1, ArrowRight: 1, PageDown: -10, PageUp: 10 }[event.key];
          if (event.key === "Escape") { current = -1; hide(); return; }
          if (!step) { return; }
          event.preventDefault();
          var next = current < 0 ? 0 : current + step * Math.max(1, Math.round(xs.length / 100));
          current = Math.max(0, Math.min(xs.length - 1, next));
          show(current);
        });
        svg.addEventListener("pointerleave", function (event) { if (!drag && event.pointerType === "mouse") { hide(); } });
      });
    })();
    """#
}
