/// The little JavaScript the pages use: progressive enhancement only, every page works without it.
enum Script {
    static let js = """
    // Confirm destructive forms (they carry data-confirm).
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
    // Show chart values on keyboard focus as well as on hover (SVG <title> covers the mouse).
    document.addEventListener("focusin", function (event) {
      var target = event.target;
      if (target.closest && target.closest("svg.chart")) { target.setAttribute("aria-describedby", "chart-tip"); }
    });
    """
}
