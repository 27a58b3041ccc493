import Foundation

/// Importing files: a drop zone (JavaScript uploads each file with progress) that is also a plain
/// form, and the report of the last upload.
enum ImportPage {
    struct Model {
        var report: ImportReport?
        var error: String?
        /// A large upload went to a background job.
        var started = false
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let s = context.strings
        let token = HTML.escape(context.csrfToken ?? "")
        let error = model.error.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? ""
        var report = model.started ? "<p class=\"card\" role=\"status\">\(HTML.escape(s["import.started"]))</p>" : ""
        if let result = model.report {
            report = "<section class=\"card\"><h2>\(HTML.escape(s["import.report"]))</h2><p>"
                + "\(result.imported) \(HTML.escape(s["import.imported"])) · \(result.duplicates) \(HTML.escape(s["import.duplicates"])) · \(result.failed) \(HTML.escape(s["import.failed"]))</p>"
                + "<table>" + result.files.html { outcome in
                    let link = outcome.activityID.map { "<a href=\"/activities/\($0.uuidString)\">\(HTML.escape(outcome.path))</a>" } ?? HTML.escape(outcome.path)
                    return "<tr><td>\(link)</td><td class=\"\(outcome.status.rawValue)\">\(HTML.escape(s["import.status.\(outcome.status.rawValue)"]))</td><td class=\"muted\">\(HTML.escape(outcome.message ?? ""))</td></tr>"
                } + "</table></section>"
        }
        let body = """
        <h1>\(HTML.escape(s["import.title"]))</h1>\(error)
        <form method="post" action="/import?_csrf=\(token)" enctype="multipart/form-data" class="card dropzone" id="dropzone">
        <p>\(HTML.escape(s["import.hint"]))</p>
        <label>\(HTML.escape(s["import.choose"]))<input type="file" name="file" multiple accept=".fit,.gpx,.tcx,.gz,.zip"></label>
        <button type="submit">\(HTML.escape(s["import.submit"]))</button>
        <ul id="upload-progress" class="list" aria-live="polite"></ul></form>
        \(report)
        """
        return Layout.page(title: s["import.title"], context: context, body: body)
    }
}
