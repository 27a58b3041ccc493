import Vapor

/// The sign-in and sign-up forms.
enum AuthPages {
    struct Model {
        var email = ""
        var name = ""
        var error: String?
        var next: String?
        var googleEnabled = false
    }

    static func login(_ model: Model, context: PageContext) -> String {
        let s = context.strings
        let next = model.next.map { "<input type=\"hidden\" name=\"next\" value=\"\(HTML.escape($0))\">" } ?? ""
        let error = model.error.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? ""
        let google = model.googleEnabled ? "<p><a class=\"button secondary\" href=\"/api/v1/auth/google/login\">\(HTML.escape(s["login.google"]))</a></p>" : ""
        let body = """
        <section class="card narrow"><h1>\(HTML.escape(s["login.title"]))</h1>\(error)
        <form method="post" action="/login">\(next)
        <label>\(HTML.escape(s["login.email"]))<input type="email" name="email" value="\(HTML.escape(model.email))" required autocomplete="email" autofocus></label>
        <label>\(HTML.escape(s["login.password"]))<input type="password" name="password" required autocomplete="current-password"></label>
        <button type="submit">\(HTML.escape(s["login.submit"]))</button></form>\(google)
        <p class="muted">\(HTML.escape(s["login.noAccount"])) <a href="/signup">\(HTML.escape(s["nav.signup"]))</a></p></section>
        """
        return Layout.page(title: s["login.title"], context: context, body: body)
    }

    static func signup(_ model: Model, context: PageContext) -> String {
        let s = context.strings
        let error = model.error.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? ""
        let body = """
        <section class="card narrow"><h1>\(HTML.escape(s["signup.title"]))</h1>\(error)
        <form method="post" action="/signup">
        <label>\(HTML.escape(s["signup.name"]))<input type="text" name="full_name" value="\(HTML.escape(model.name))" required autocomplete="name" autofocus></label>
        <label>\(HTML.escape(s["login.email"]))<input type="email" name="email" value="\(HTML.escape(model.email))" required autocomplete="email"></label>
        <label>\(HTML.escape(s["login.password"]))<input type="password" name="password" required minlength="8" autocomplete="new-password">
        <small class="muted">\(HTML.escape(s["signup.passwordHint"]))</small></label>
        <button type="submit">\(HTML.escape(s["signup.submit"]))</button></form>
        <p class="muted">\(HTML.escape(s["signup.haveAccount"])) <a href="/login">\(HTML.escape(s["nav.login"]))</a></p></section>
        """
        return Layout.page(title: s["signup.title"], context: context, body: body)
    }
}
