/// The little JavaScript the pages use: progressive enhancement only, every page works without it.
enum Script {
    static let js = """
    // Confirm destructive forms (they carry data-confirm).
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
    // Drag-and-drop import: each file goes to the API as it is, with its progress shown.
    (function () {
      var zone = document.getElementById("dropzone");
      if (!zone || !window.fetch) { return; }
      var list = document.getElementById("upload-progress");
      function csrf() {
        var match = document.cookie.match(/(?:^|; )athletiq_csrf=([^;]+)/);
        return match ? decodeURIComponent(match[1]) : "";
      }
      function send(file) {
        var item = document.createElement("li");
        item.textContent = file.name + " …";
        list.appendChild(item);
        var request = new XMLHttpRequest();
        request.open("POST", "/api/v1/activities/upload");
        request.setRequestHeader("X-Filename", file.name);
        request.setRequestHeader("X-CSRF-Token", csrf());
        request.upload.onprogress = function (event) {
          if (event.lengthComputable) { item.textContent = file.name + " " + Math.round(100 * event.loaded / event.total) + " %"; }
        };
        request.onload = function () {
          var body = {};
          try { body = JSON.parse(request.responseText); } catch (error) {}
          var message = body.error ? body.error.message : (body.imported !== undefined ? body.imported + " ✓" : (body.status || ""));
          item.textContent = file.name + " — " + message;
          item.className = request.status < 300 ? "imported" : "failed";
        };
        request.onerror = function () { item.textContent = file.name + " — network error"; item.className = "failed"; };
        request.send(file);
      }
      zone.addEventListener("dragover", function (event) { event.preventDefault(); zone.classList.add("over"); });
      zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
      zone.addEventListener("drop", function (event) {
        event.preventDefault();
        zone.classList.remove("over");
        Array.prototype.forEach.call(event.dataTransfer.files, send);
      });
    })();
    // A box that ticks every row of its form at once (hidden without JavaScript, where it could not).
    Array.prototype.forEach.call(document.querySelectorAll("input[data-select-all]"), function (all) {
      all.hidden = false;
      all.addEventListener("change", function () {
        Array.prototype.forEach.call(document.querySelectorAll("input[name='ids[]'][form='" + all.dataset.selectAll + "']"), function (box) { box.checked = all.checked; });
      });
    });
    // Show chart values on keyboard focus as well as on hover (SVG <title> covers the mouse).
    document.addEventListener("focusin", function (event) {
      var target = event.target;
      if (target.closest && target.closest("svg.chart")) { target.setAttribute("aria-describedby", "chart-tip"); }
    });
    """
}
