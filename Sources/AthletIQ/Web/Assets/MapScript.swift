/// The route on map tiles: a small slippy map (Web Mercator tiles, pan by dragging, zoom with the
/// buttons, the wheel or a double click). Without JavaScript, or when the tiles cannot load (no
/// network), the route drawing under it stays as it is.
enum MapScript {
    static let js = #"""
    (function () {
      var TILE = 256;
      function project(lat, lon, zoom) {
        var scale = TILE * Math.pow(2, zoom), sin = Math.sin(lat * Math.PI / 180);
        return [(lon + 180) / 360 * scale, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale];
      }
      function setup(box) {
        var route = (box.dataset.route || "").split(";").map(function (pair) { return pair.split(",").map(Number); })
          .filter(function (p) { return p.length === 2 && isFinite(p[0]) && isFinite(p[1]); });
        if (route.length < 2) { return; }
        var template = box.dataset.tiles, width = box.clientWidth || 320, height = Math.max(240, Math.min(420, Math.round(width * 0.75)));
        var lats = route.map(function (p) { return p[0]; }), lons = route.map(function (p) { return p[1]; });
        var south = Math.min.apply(null, lats), north = Math.max.apply(null, lats), west = Math.min.apply(null, lons), east = Math.max.apply(null, lons);
        var zoom = 17;
        while (zoom > 1) {
          var a = project(north, west, zoom), b = project(south, east, zoom);
          if (b[0] - a[0] < width - 40 && b[1] - a[1] < height - 40) { break; }
          zoom--;
        }
        var center = [(south + north) / 2, (west + east) / 2];
        // Kilometre markers: every 1, 5 or 10 km along the route, by its length.
        function metres(a, b) {
          var rad = Math.PI / 180, dLat = (b[0] - a[0]) * rad, dLon = (b[1] - a[1]) * rad;
          var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
          return 12742000 * Math.asin(Math.min(1, Math.sqrt(h)));
        }
        var along = [0];
        for (var i = 1; i < route.length; i++) { along.push(along[i - 1] + metres(route[i - 1], route[i])); }
        var total = along[along.length - 1], every = total < 25000 ? 1000 : (total < 120000 ? 5000 : 10000), marks = [];
        for (var mark = every, j = 1; mark < total; mark += every) {
          while (j < along.length - 1 && along[j] < mark) { j++; }
          var share = (mark - along[j - 1]) / Math.max(1e-9, along[j] - along[j - 1]);
          marks.push([route[j - 1][0] + (route[j][0] - route[j - 1][0]) * share, route[j - 1][1] + (route[j][1] - route[j - 1][1]) * share, String(mark / 1000)]);
        }
        var view = document.createElement("div");
        view.className = "mapview";
        view.style.height = height + "px";
        var tiles = document.createElement("div");
        tiles.className = "tiles";
        var svgNS = "http://www.w3.org/2000/svg", overlay = document.createElementNS(svgNS, "svg");
        overlay.setAttribute("class", "overlay");
        var line = document.createElementNS(svgNS, "polyline");
        line.setAttribute("class", "track");
        overlay.appendChild(line);
        var start = document.createElementNS(svgNS, "circle"), finish = document.createElementNS(svgNS, "circle");
        start.setAttribute("class", "start"); finish.setAttribute("class", "finish");
        start.setAttribute("r", "6"); finish.setAttribute("r", "4");
        var markers = document.createElementNS(svgNS, "g");
        markers.setAttribute("class", "kilometres");
        // The stretch selected on the charts, and the point under their crosshair.
        var part = document.createElementNS(svgNS, "polyline"), here = document.createElementNS(svgNS, "circle");
        part.setAttribute("class", "stretch"); here.setAttribute("class", "here"); here.setAttribute("r", "7");
        here.setAttribute("visibility", "hidden");
        var position = null, stretch = [];
        // The route coloured by pace, heart rate or gradient, from the charts' samples.
        var colours = document.createElementNS(svgNS, "g"), colouring = null, legend = document.createElement("div");
        colours.setAttribute("class", "colours");
        legend.className = "legend";
        legend.hidden = true;
        overlay.appendChild(colours); overlay.appendChild(markers); overlay.appendChild(part); overlay.appendChild(finish); overlay.appendChild(start); overlay.appendChild(here);
        var attribution = document.createElement("small");
        attribution.className = "attribution";
        attribution.textContent = box.dataset.attribution || "";
        var controls = document.createElement("div");
        controls.className = "zoom";
        function button(text, label, change) {
          var b = document.createElement("button");
          b.type = "button"; b.textContent = text; b.setAttribute("aria-label", label);
          b.addEventListener("click", function () { setZoom(zoom + change); });
          controls.appendChild(b);
        }
        button("+", box.dataset.zoomIn || "Zoom in", 1);
        button("−", box.dataset.zoomOut || "Zoom out", -1);
        var samples = null;
        try { var holder = document.querySelector(".chartdata"); samples = holder ? JSON.parse(holder.dataset.json) : null; } catch (error) { samples = null; }
        if (samples && samples.lat.length > 1) {
          var choices = [["", samples.labels.colourBy + "…"]];
          samples.series.forEach(function (series) { if (series.key === "speed" || series.key === "heartRate") { choices.push([series.key, series.label]); } });
          if (samples.series.some(function (series) { return series.key === "altitude"; }) && samples.d.length) { choices.push(["grade", samples.labels.grade]); }
          var picker = document.createElement("select");
          picker.className = "colourby";
          picker.setAttribute("aria-label", samples.labels.colourBy);
          choices.forEach(function (choice) { var option = document.createElement("option"); option.value = choice[0]; option.textContent = choice[1]; picker.appendChild(option); });
          picker.addEventListener("change", function () { colouring = colourValues(picker.value); draw(); });
          view.appendChild(picker);
        }
        // Values per sample for the chosen measure, each turned into a place on the scale (0-1,
        // from the 5th to the 95th percentile), faster or harder being hotter.
        function colourValues(key) {
          if (!key) { legend.hidden = true; return null; }
          var values = [];
          if (key === "grade") {
            var altitude = samples.series.filter(function (series) { return series.key === "altitude"; })[0].values;
            for (var i = 0; i < altitude.length; i++) {
              var a = Math.max(0, i - 3), b = Math.min(altitude.length - 1, i + 3);
              var run = samples.d[b] - samples.d[a];
              values.push(altitude[a] !== null && altitude[b] !== null && run > 5 ? (altitude[b] - altitude[a]) / run * 100 : null);
            }
          } else {
            values = samples.series.filter(function (series) { return series.key === key; })[0].values.slice();
          }
          var known = values.filter(function (v) { return v !== null && isFinite(v); }).sort(function (x, y) { return x - y; });
          if (known.length < 2) { return null; }
          var low = known[Math.floor(known.length * 0.05)], high = known[Math.floor(known.length * 0.95)];
          // A pace is minutes per km: the fastest (smallest) is the hottest.
          var reversed = key === "speed" && samples.measure !== "speed";
          legend.hidden = false;
          legend.textContent = "";
          [reversed ? high : low, reversed ? low : high].forEach(function (end, index) {
            var label = document.createElement("span");
            var series = samples.series.filter(function (s) { return s.key === key; })[0];
            label.textContent = key === "grade" ? Math.round(end) + " %" : (series && series.pace ? Math.floor(end) + ":" + ("0" + Math.round(end % 1 * 60)).slice(-2) : Math.round(end)) + (key === "grade" ? "" : " " + (series ? series.unit.replace(/^min/, "") : ""));
            if (index === 1) { var bar = document.createElement("i"); legend.appendChild(bar); }
            legend.appendChild(label);
          });
          return values.map(function (v) {
            if (v === null || !isFinite(v)) { return null; }
            var t = Math.max(0, Math.min(1, (v - low) / Math.max(1e-9, high - low)));
            return reversed ? 1 - t : t;
          });
        }
        function hue(t) { return "hsl(" + Math.round(240 - 240 * t) + ", 85%, 45%)"; }
        view.appendChild(tiles); view.appendChild(overlay); view.appendChild(controls); view.appendChild(attribution); view.appendChild(legend);
        var failures = 0;
        function draw() {
          var c = project(center[0], center[1], zoom), left = c[0] - width / 2, top = c[1] - height / 2;
          tiles.textContent = "";
          var count = Math.pow(2, zoom);
          if (failures < 8) {
            for (var tx = Math.floor(left / TILE); tx <= Math.floor((left + width) / TILE); tx++) {
              for (var ty = Math.max(0, Math.floor(top / TILE)); ty <= Math.min(count - 1, Math.floor((top + height) / TILE)); ty++) {
                var img = new Image(TILE, TILE);
                img.alt = ""; img.decoding = "async"; img.draggable = false;
                img.style.left = Math.round(tx * TILE - left) + "px"; img.style.top = Math.round(ty * TILE - top) + "px";
                img.onerror = function () { failures++; this.remove(); };
                img.src = template.replace("{z}", zoom).replace("{x}", ((tx % count) + count) % count).replace("{y}", ty);
                tiles.appendChild(img);
              }
            }
          }
          var points = route.map(function (p) { var xy = project(p[0], p[1], zoom); return [xy[0] - left, xy[1] - top]; });
          line.setAttribute("points", points.map(function (p) { return p[0].toFixed(1) + "," + p[1].toFixed(1); }).join(" "));
          markers.textContent = "";
          marks.forEach(function (m) {
            var xy = project(m[0], m[1], zoom), dot = document.createElementNS(svgNS, "circle"), label = document.createElementNS(svgNS, "text");
            dot.setAttribute("cx", xy[0] - left); dot.setAttribute("cy", xy[1] - top); dot.setAttribute("r", "8");
            label.setAttribute("x", xy[0] - left); label.setAttribute("y", xy[1] - top + 3.5); label.textContent = m[2];
            markers.appendChild(dot); markers.appendChild(label);
          });
          placeStretch(left, top);
          placeHere(left, top);
          colours.textContent = "";
          line.style.opacity = colouring ? "0.35" : "";
          if (colouring) {
            for (var k = 1; k < samples.lat.length; k++) {
              var t = colouring[k];
              if (t === null || samples.lat[k - 1] === null || samples.lat[k] === null) { continue; }
              var p0 = project(samples.lat[k - 1], samples.lon[k - 1], zoom), p1 = project(samples.lat[k], samples.lon[k], zoom);
              var segment = document.createElementNS(svgNS, "line");
              segment.setAttribute("x1", (p0[0] - left).toFixed(1)); segment.setAttribute("y1", (p0[1] - top).toFixed(1));
              segment.setAttribute("x2", (p1[0] - left).toFixed(1)); segment.setAttribute("y2", (p1[1] - top).toFixed(1));
              segment.setAttribute("stroke", hue(t));
              colours.appendChild(segment);
            }
          }
          start.setAttribute("cx", points[0][0]); start.setAttribute("cy", points[0][1]);
          finish.setAttribute("cx", points[points.length - 1][0]); finish.setAttribute("cy", points[points.length - 1][1]);
        }
        function placeHere(left, top) {
          here.setAttribute("visibility", position ? "visible" : "hidden");
          if (!position) { return; }
          var xy = project(position.lat, position.lon, zoom);
          here.setAttribute("cx", (xy[0] - left).toFixed(1)); here.setAttribute("cy", (xy[1] - top).toFixed(1));
        }
        function placeStretch(left, top) {
          part.setAttribute("points", stretch.map(function (p) { var xy = project(p[0], p[1], zoom); return (xy[0] - left).toFixed(1) + "," + (xy[1] - top).toFixed(1); }).join(" "));
        }
        function origin() { var c = project(center[0], center[1], zoom); return [c[0] - width / 2, c[1] - height / 2]; }
        document.addEventListener("athletiq:position", function (event) {
          position = event.detail;
          var o = origin();
          placeHere(o[0], o[1]);
        });
        document.addEventListener("athletiq:stretch", function (event) {
          stretch = event.detail || [];
          var o = origin();
          placeStretch(o[0], o[1]);
        });
        function unproject(x, y) {
          var scale = TILE * Math.pow(2, zoom), n = Math.PI - 2 * Math.PI * y / scale;
          return [180 / Math.PI * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n))), x / scale * 360 - 180];
        }
        function setZoom(next) {
          zoom = Math.max(2, Math.min(18, next));
          draw();
        }
        // While dragging, the drawn layers only slide; tiles are placed (and fetched) again once,
        // when the pointer lets go.
        var drag = null;
        function slide(dx, dy) {
          var shift = dx || dy ? "translate(" + dx + "px," + dy + "px)" : "";
          tiles.style.transform = shift; overlay.style.transform = shift;
        }
        function release(event) {
          if (!drag) { return; }
          center = unproject(drag.c[0] - (event.clientX - drag.x), drag.c[1] - (event.clientY - drag.y));
          drag = null;
          slide(0, 0);
          draw();
        }
        view.addEventListener("pointerdown", function (event) {
          if (event.target.closest("button")) { return; }
          drag = { x: event.clientX, y: event.clientY, c: project(center[0], center[1], zoom) };
          view.setPointerCapture(event.pointerId);
        });
        view.addEventListener("pointermove", function (event) {
          if (drag) { slide(event.clientX - drag.x, event.clientY - drag.y); }
        });
        view.addEventListener("pointerup", release);
        view.addEventListener("pointercancel", release);
        view.addEventListener("dblclick", function () { setZoom(zoom + 1); });
        view.addEventListener("wheel", function (event) { event.preventDefault(); setZoom(zoom + (event.deltaY < 0 ? 1 : -1)); }, { passive: false });
        box.textContent = "";
        box.appendChild(view);
        box.classList.add("live");
        draw();
      }
      Array.prototype.forEach.call(document.querySelectorAll(".map[data-tiles]"), setup);
    })();
    """#
}
