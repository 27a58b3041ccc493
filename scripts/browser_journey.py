#!/usr/bin/env python3
"""A real browser (headless Chromium, driven by Playwright) walks through athletIQ the way an athlete
does: sign up, import a FIT file, find it on the dashboard and open it, plan a session, switch to
French, visit every page at 1280 and 375 pixels wide, log out. It fails on any console error, any
failed request or error status, a page wider than the screen, or a page heavier than 200 KB.

Usage: browser_journey.py BASE_URL FIT_FILE SCREENSHOT_DIR
"""
import os
import sys
import time

from playwright.sync_api import sync_playwright

BASE, FIT, OUT = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
os.makedirs(OUT, exist_ok=True)
problems = []
weights = {}


def check(condition, message):
    if not condition:
        problems.append(message)
        print("FAIL:", message)


def check_chart_text(page, width):
    """No chart text is drawn smaller than 11 px (a chart scales its text with its width)."""
    sizes = page.evaluate("""Array.from(document.querySelectorAll('svg.chart text')).filter(t => t.getClientRects().length)
        .map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)""")
    check(bool(sizes), f"no chart text at {width} px")
    if sizes:
        check(min(sizes) >= 11, f"chart text of {min(sizes):.1f} px at {width} px")


def shot_name(path):
    """A screenshot's name from a page's path: /curves?kind=pace&period=all -> -curves-pace-all."""
    name = path.replace("?", "-").replace("&", "-").replace("kind=", "").replace("period=", "").replace("range=", "").replace("group=", "")
    return name.replace("/", "-").rstrip("-")


def main():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                             args=["--no-sandbox", "--disable-dev-shm-usage"])
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and problems.append(f"console error on {page.url}: {message.text}"))
        page.on("pageerror", lambda error: problems.append(f"script error on {page.url}: {error}"))
        page.on("requestfailed", lambda request: problems.append(f"request failed: {request.method} {request.url} {request.failure}"))

        def on_response(response):
            if response.status >= 400:
                problems.append(f"{response.status} for {response.request.method} {response.url}")
            try:
                size = len(response.body())
            except Exception:
                size = 0
            weights[page.url] = weights.get(page.url, 0) + size
        page.on("response", on_response)

        def shoot(name):
            page.screenshot(path=os.path.join(OUT, f"{name}-1280.png"), full_page=True)

        def visit(path, name):
            weights.pop(BASE + path, None)
            page.goto(BASE + path)
            page.wait_for_load_state("networkidle")
            check(page.locator("main").count() == 1, f"{path} has no main")
            shoot(name)

        # Sign up.
        page.goto(BASE + "/signup")
        email = f"journey-{int(time.time())}@example.org"
        page.fill("input[name=full_name]", "Journey Runner")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", "a long journey password")
        page.click("button[type=submit]")
        page.wait_for_url(BASE + "/")
        check("Dashboard" in page.inner_text("h1"), "no dashboard after sign-up")
        shoot("dashboard-empty")

        # Import a FIT file through the plain form.
        visit("/import", "import")
        page.set_input_files("input[name=file]", FIT)
        page.click("form#dropzone button[type=submit]")
        page.wait_for_load_state("networkidle")
        check("1 imported" in page.inner_text("main"), "the FIT file was not imported: " + page.inner_text("main")[:300])
        shoot("import-report")

        # The dashboard shows it; open it.
        visit("/?period=all", "dashboard")
        link = page.locator("main ul.list a").first
        check(link.count() == 1, "the activity is not on the dashboard")
        name = link.inner_text()
        link.click()
        page.wait_for_load_state("networkidle")
        check(name in page.inner_text("h1"), "the activity page does not show " + name)
        activity_path = page.url[len(BASE):]
        # The route on map tiles: the script replaced the plain drawing with tiles and the track.
        check(page.locator(".map.live .tiles img").count() > 0, "no map tiles under the route")
        check(page.locator(".map.live polyline.track").count() == 1, "no route on the map")
        check(page.locator(".map.live .kilometres circle").count() >= 5, "no kilometre markers on a 9 km route")
        loaded = page.evaluate("Array.from(document.querySelectorAll('.map .tiles img')).every(i => i.complete && i.naturalWidth > 0)")
        check(loaded, "map tiles did not load")
        page.click(".mapview .zoom button >> nth=0")
        check(page.locator(".map.live .tiles img").count() > 0, "no tiles after zooming in")
        # Dragging slides the map and places the tiles again when the pointer lets go.
        box = page.locator(".mapview").bounding_box()
        before = page.get_attribute(".mapview polyline.track", "points")
        page.mouse.move(box["x"] + 150, box["y"] + 150)
        page.mouse.down()
        page.mouse.move(box["x"] + 90, box["y"] + 110, steps=5)
        page.mouse.up()
        check(page.get_attribute(".mapview polyline.track", "points") != before, "the map did not move when dragged")
        check(page.locator(".map.live .tiles img").count() > 0, "no tiles after dragging")
        # The route coloured by heart rate, with its scale.
        page.select_option(".mapview select.colourby", "heartRate")
        coloured = page.locator(".mapview .colours line").count()
        check(coloured > 100, f"the route is not coloured by heart rate ({coloured} segments)")
        check(page.locator(".mapview .legend").is_visible() and "bpm" in page.inner_text(".mapview .legend"), "no colour scale on the map")
        shoot("activity")
        page.select_option(".mapview select.colourby", "")
        check(page.locator(".mapview .colours line").count() == 0, "the route stayed coloured")

        # The charts: a crosshair under the pointer on every chart at once, each value written out,
        # and the point marked on the map; a dragged stretch gets its figures and its line on the map.
        charts = page.locator("svg.chart.live")
        check(charts.count() >= 3, "the activity charts are not interactive")
        charts.first.scroll_into_view_if_needed()
        area = charts.first.bounding_box()
        page.mouse.move(area["x"] + area["width"] * 0.5, area["y"] + area["height"] * 0.5)
        readout = page.inner_text(".readout")
        check("km" in readout and "bpm" in readout and "/km" in readout, "no crosshair values: " + readout)
        crossed = page.evaluate("document.querySelectorAll('svg.chart.live .crosshair[visibility=visible]').length")
        check(crossed == charts.count(), f"the crosshair shows on {crossed} of {charts.count()} charts")
        check(page.get_attribute(".mapview circle.here", "visibility") == "visible", "the map does not mark the crosshair's point")
        page.screenshot(path=os.path.join(OUT, "activity-crosshair-1280.png"))
        page.mouse.move(area["x"] + area["width"] * 0.3, area["y"] + area["height"] * 0.5)
        page.mouse.down()
        page.mouse.move(area["x"] + area["width"] * 0.7, area["y"] + area["height"] * 0.5, steps=8)
        page.mouse.up()
        selection = page.locator(".selection")
        figures = selection.inner_text() if selection.is_visible() else ""
        check("km" in figures and "/km" in figures and "bpm" in figures, "no figures for the selected stretch: " + figures)
        check(len(page.get_attribute(".mapview polyline.stretch", "points") or "") > 20, "the selected stretch is not on the map")
        shoot("activity-selection")
        page.click(".selection button")
        check(not selection.is_visible(), "the selection did not clear")
        # The x-axis switch: along the time, the charts read minutes.
        page.click(".axisswitch a >> nth=1")
        page.wait_for_load_state("networkidle")
        axis = page.evaluate("JSON.parse(document.querySelector('.chartdata').dataset.json).axis")
        check(axis == "time" and "?x=time" in page.url, f"the charts did not switch to the time ({axis})")
        check(page.locator("svg.chart.live").count() == charts.count(), "charts missing along the time")
        shoot("activity-time")
        # Edit it: a new name, the effort, private notes; the page says so and shows them.
        page.click("details.edit summary")
        page.fill("details.edit input[name=name]", "Journey intervals")
        page.select_option("details.edit select[name=perceived_effort]", "7")
        page.fill("details.edit textarea[name=notes]", "Legs heavy after the hills")
        page.click("details.edit button[type=submit]")
        page.wait_for_load_state("networkidle")
        check(page.inner_text("h1") == "Journey intervals", "the activity was not renamed: " + page.inner_text("h1"))
        check("Legs heavy after the hills" in page.inner_text("main") and "7/10" in page.inner_text("main"), "the notes or the effort are not shown")
        download = page.request.get(BASE + page.get_attribute("a[download]", "href"))
        check(download.status == 200 and len(download.body()) > 1000, f"the original file did not download ({download.status})")
        shoot("activity-edited")

        check_chart_text(page, "1280")

        # The activity list: a table sorted by a click on a column's title, and back.
        visit("/activities", "activities-list")
        page.click("table.activities th >> text=Distance")
        page.wait_for_load_state("networkidle")
        check("sort=distance" in page.url and page.locator("th[aria-sort]").count() == 1, "the list did not sort by distance: " + page.url)
        check(page.locator("table.activities tbody tr").count() == 1, "the sorted list lost its activity")
        page.check("input[data-select-all]")
        check(page.is_checked("tbody input[name='ids[]']"), "the select-all box did not tick the rows")

        # Plan a session.
        visit("/plans", "plans-before")
        page.evaluate("document.querySelector('main details').open = true")
        page.fill("form.planform input[name=name]", "Journey tempo")
        page.select_option("form.planform select[name=type]", "tempo")
        page.fill("form.planform input[name=distance_km]", "12")
        page.fill("form.planform input[name=duration]", "55min")
        page.click("form.planform button[type=submit]")
        page.wait_for_load_state("networkidle")
        check("Journey tempo" in page.inner_text("main"), "the planned session is not on the calendar")
        shoot("plans")

        # Every page, in English then in French, on a desktop and on a phone.
        curves = "/curves?kind=pace&period=all"
        pages = ["/", "/activities", "/plans", "/predict", "/records", "/fitness?range=all", "/summaries?group=year", "/curves", curves, "/import", "/strava", "/settings"]
        for path in pages:
            visit(path, "en" + shot_name(path))
            check(weights.get(page.url, 0) < 200_000, f"{path} weighs {weights.get(page.url, 0)} bytes")
        # The pace curve of the imported run: points linked to it, readable at both widths.
        page.goto(BASE + curves)
        check(page.locator("svg.chart a[href^='/activities/']").count() > 3, "the pace curve links no points to their activity")
        check_chart_text(page, "1280")
        visit("/?lang=fr", "fr-dashboard")
        check("Tableau de bord" in page.inner_text("h1"), "the language did not switch to French")
        phone = browser.new_context(viewport={"width": 375, "height": 800}, storage_state=context.storage_state(), locale="fr-FR")
        mobile = phone.new_page()
        mobile.on("console", lambda message: message.type == "error" and problems.append(f"console error on {mobile.url}: {message.text}"))
        mobile.on("response", lambda response: response.status >= 400 and problems.append(f"{response.status} for {response.url}"))
        for path in pages + [activity_path]:
            mobile.goto(BASE + path)
            mobile.wait_for_load_state("networkidle")
            width = mobile.evaluate("document.documentElement.scrollWidth")
            check(width <= 376, f"{path} is {width} px wide on a 375 px screen")
            if path in (activity_path, curves):
                check_chart_text(mobile, "375")
            shot = "-activity" if path == activity_path else (shot_name(path) or "-dashboard")
            mobile.screenshot(path=os.path.join(OUT, "fr" + shot + "-375.png"), full_page=True)
        phone.close()

        # Log out.
        page.click("header form button[type=submit]")
        page.wait_for_url("**/login")
        check(page.locator("input[name=email]").count() == 1, "no login form after logging out")
        shoot("logged-out")
        browser.close()

    if problems:
        print(f"{len(problems)} problem(s):")
        for problem in problems:
            print(" -", problem)
        sys.exit(1)
    print(f"browser journey passed; screenshots in {OUT}")


main()
