#!/usr/bin/env python3
"""Renders a certificate page in headless Chromium and checks it the way a reader
would see it: it loads with no console error and no request beyond the page
itself, its screenshot is not blank, and every number it shows (the cells marked
data-key="<JSON pointer>") equals the audit report's value to the digits shown.

Usage: browser_check.py PAGE.html REPORT.json WORKDIR   (exit 0 when every check passes)
"""
import json
import os
import re
import struct
import subprocess
import sys
import zlib

CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
]


def fail(message):
    print("browser_check: " + message, file=sys.stderr)
    sys.exit(1)


def chromium(args, workdir):
    profile = os.path.join(workdir, "profile")
    command = ["chromium"] + CHROMIUM_FLAGS + ["--user-data-dir=" + profile] + args
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        fail("chromium is not installed (scripts/install-deps.sh installs it)")
    if done.returncode != 0:
        fail("chromium exited %d: %s" % (done.returncode, done.stderr[-2000:]))
    return done


def console_errors(stderr):
    return [line for line in stderr.splitlines()
            if "CONSOLE" in line or "Uncaught" in line or "Refused to" in line]


def page_requests(net_log_path):
    """URLs the page asked for: every request the net log records except the
    browser's own (its initiator is "not an origin": updates, time sync, accounts)."""
    with open(net_log_path) as f:
        text = f.read().rstrip()
    try:
        log = json.loads(text)
    except ValueError:  # a log cut short ends without its closing brackets
        log = json.loads(text.rstrip(",") + "]}")
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = set()
    for event in log.get("events", []):
        params = event.get("params") or {}
        if (event.get("type") == start_job and "url" in params
                and params.get("initiator") != "not an origin"):
            urls.add(params["url"])
    return urls


def png_pixels(path):
    """(width, height, rows of RGBA/RGB bytes) of an 8-bit PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(path + ": not a PNG")
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if depth != 8 or colour not in (2, 6):
                fail(path + ": unexpected PNG format")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        previous = line
    return width, height, channels, rows


def ink_share(path):
    width, height, channels, rows = png_pixels(path)
    inked = 0
    for line in rows[::4]:
        for x in range(0, width, 4):
            r, g, b = line[x * channels:x * channels + 3]
            inked += (r + g + b) < 600
    return inked / float(len(rows[::4]) * len(range(0, width, 4)))


def main():
    if len(sys.argv) != 4:
        fail("usage: browser_check.py PAGE.html REPORT.json WORKDIR")
    page, report_path, workdir = (os.path.abspath(a) for a in sys.argv[1:])
    os.makedirs(workdir, exist_ok=True)
    with open(report_path) as f:
        report = json.load(f)
    url = "file://" + page

    net_log = os.path.join(workdir, "net-log.json")
    shot = os.path.join(workdir, "screenshot.png")
    rendered = chromium(["--log-net-log=" + net_log, "--screenshot=" + shot,
                         "--window-size=1100,2400", url], workdir)
    errors = console_errors(rendered.stderr)
    dumped = chromium(["--dump-dom", url], workdir)
    errors += console_errors(dumped.stderr)
    if errors:
        fail("console errors: " + " | ".join(errors[:5]))

    outside = sorted(page_requests(net_log))
    if outside:
        fail("the page made requests beyond itself: " + ", ".join(outside[:5]))

    share = ink_share(shot)
    if share < 0.01:
        fail("the screenshot is blank (%.4f of it inked)" % share)

    dom = dumped.stdout
    cells = re.findall(r'data-key="([^"]+)"[^>]*>([^<]+)<', dom)
    if len(cells) < 10:
        fail("only %d numbers marked on the page" % len(cells))
    for pointer, text in cells:
        value = report
        for part in pointer.strip("/").split("/"):
            if not isinstance(value, dict) or part not in value:
                fail("the page shows %s, which the report lacks" % pointer)
            value = value[part]
        digits = len(text.split(".")[1]) if "." in text else 0
        if abs(float(text) - value) > 0.5 * 10 ** -digits + 1e-12:
            fail("%s: the page shows %s, the report %r" % (pointer, text, value))
    level = re.search(r'id="verdict" data-level="(\w+)"', dom)
    if not level or level.group(1) != report["verdict"]["level"]:
        fail("the verdict on the page differs from the report's")
    print("browser_check: %d numbers match, %.1f %% inked, no console error, no request "
          "beyond the page" % (len(cells), 100 * share))


if __name__ == "__main__":
    main()
