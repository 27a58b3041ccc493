#!/usr/bin/env python3
"""A stand-in for a map tile server (no internet here): answers every /{z}/{x}/{y}.png with one
small grey PNG, and counts what it served. Usage: tile_standin.py PORT"""
import base64
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# A 1x1 light grey PNG; the map draws it at 256 x 256.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAWk1v8QAAAABJRU5ErkJggg==")


class Tiles(BaseHTTPRequestHandler):
    def do_GET(self):
        parts = self.path.strip("/").split("/")
        if len(parts) == 3 and parts[2].endswith(".png") and all(p.replace(".png", "").isdigit() for p in parts):
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(PNG)))
            self.send_header("Cache-Control", "max-age=3600")
            self.end_headers()
            self.wfile.write(PNG)
        else:
            self.send_error(404)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Tiles).serve_forever()
