#!/usr/bin/env python3
"""The README's pictures: the activity page of a run and of a ride, at 1280 and 375 pixels wide,
with the crosshair on the charts. Run by scripts/readme_screenshots.sh against a fresh server.

Usage: readme_screenshots.py BASE_URL RUN_FILE RIDE_FILE OUT_DIR
"""
import os
import sys
import time

from playwright.sync_api import sync_playwright

BASE, RUN, RIDE, OUT = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], sys.argv[4]
os.makedirs(OUT, exist_ok=True)

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                         args=["--no-sandbox", "--disable-dev-shm-usage"])
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.goto(BASE + "/signup")
    page.fill("input[name=full_name]", "Ada Runner")
    page.fill("input[name=email]", f"readme-{int(time.time())}@example.org")
    page.fill("input[name=password]", "a long screenshot password")
    page.click("button[type=submit]")
    page.wait_for_url(BASE + "/")
    paths = {}
    for name, path in [("run", RUN), ("ride", RIDE)]:
        page.goto(BASE + "/import")
        page.set_input_files("input[name=file]", path)
        page.click("form#dropzone button[type=submit]")
        page.wait_for_load_state("networkidle")
        page.click("main section.card table a >> nth=0")
        page.wait_for_load_state("networkidle")
        paths[name] = page.url[len(BASE):]
    for name, path in paths.items():
        for width, height in [(1280, 900), (375, 800)]:
            page.set_viewport_size({"width": width, "height": height})
            page.goto(BASE + path)
            page.wait_for_load_state("networkidle")
            chart = page.locator("svg.chart.live").first
            chart.scroll_into_view_if_needed()
            box = chart.bounding_box()
            page.mouse.move(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.5)
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=os.path.join(OUT, f"activity-{name}-{width}.png"), full_page=width == 375)
    browser.close()
print("screenshots in", OUT)
