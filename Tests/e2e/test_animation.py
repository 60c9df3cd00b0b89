"""plot … animate: the SVG plays the run in a real browser. Headless Chromium takes screenshots at moments
of the animation (in virtual time), and the ball, found by its colour, is where the axes put the iterates
expected at those moments; a viewer that does not animate (rsvg-convert) shows the start of the run."""
import os
import re
import shutil
import signal
import struct
import subprocess
import zlib

import pytest

# x ← x − 0.85·2x = −0.7x from x = −4: the iterates hop across the bowl, so each frame's ball is far from the last.
SCRIPT = """f(x) = x^2
run f from x=-4 eta=0.85 steps=12
plot f -5..5 animate fps=2 to {svg}
"""
ITERATES = [(-4 * (-0.7) ** k, (-4 * (-0.7) ** k) ** 2) for k in range(13)]
FPS = 2
BALL = (0xE4, 0x00, 0x7C)
# Moments in the middle of frames (a frame lasts 1/FPS = 0.5 s), clear of the ±0.05 s the screenshot's time
# wanders by: k = 2, k = 6, and k = 1 of the second loop (13 frames take 6.5 s).
MOMENTS = [(1250, 2), (3250, 6), (7250, 1)]


@pytest.fixture(scope="module")
def animated_svg(gd, tmp_path_factory):
    svg = tmp_path_factory.mktemp("animation") / "ball.svg"
    r = gd("-e", SCRIPT.format(svg=svg))
    assert r.returncode == 0, r.stderr
    return svg


def test_svg_has_one_caption_per_iterate(animated_svg):
    text = animated_svg.read_text()
    captions = re.findall(r">(k = (\d+), L = [^<]*)</text>", text)
    assert [int(k) for _, k in captions] == list(range(13))
    assert "<script" not in text
    assert 'repeatCount="indefinite"' in text


def test_browser_plays_the_run(animated_svg, tmp_path):
    chromium = chromium_or_skip(tmp_path)
    to_device = axes_mapping(animated_svg.read_text())
    seen = []
    for budget, k in MOMENTS:
        png = tmp_path / f"at-{budget}ms.png"
        screenshot(chromium, animated_svg, png, budget, tmp_path)
        ball = find_ball(*decode_png(png.read_bytes()))
        assert ball is not None, f"no ball in the screenshot at {budget} ms"
        want = to_device(*ITERATES[k])
        assert abs(ball[0] - want[0]) <= 3 and abs(ball[1] - want[1]) <= 3, \
            f"at {budget} ms the ball is at {ball}, not at iterate {k} {want}"
        seen.append(ball)
    # It moved: the three moments show three different places.
    assert all(abs(a[0] - b[0]) > 20 for i, a in enumerate(seen) for b in seen[i + 1:])


def test_static_viewer_shows_the_start(animated_svg, tmp_path):
    if shutil.which("rsvg-convert") is None:
        pytest.skip("rsvg-convert is not installed")
    png = tmp_path / "static.png"
    subprocess.run(["rsvg-convert", "-f", "png", "-o", str(png), str(animated_svg)], check=True)
    ball = find_ball(*decode_png(png.read_bytes()))
    assert ball is not None
    want = axes_mapping(animated_svg.read_text())(*ITERATES[0])
    assert abs(ball[0] - want[0]) <= 3 and abs(ball[1] - want[1]) <= 3, f"the static ball is at {ball}, not at w_0 {want}"


# MARK: Chromium

def chromium_args(profile):
    # --run-all-compositor-stages-before-draw: without it, one screenshot in ten or so is taken before the
    # animation has been applied and shows the first frame. A budget of 0 never finishes: keep it positive.
    return ["--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars", "--run-all-compositor-stages-before-draw",
            f"--user-data-dir={profile}", "--window-size=640,420"]


def chromium_or_skip(tmp_path):
    """The chromium command, after checking it can take a screenshot here; skips the test saying why not."""
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("chromium is not installed (scripts/setup --test installs it)")
    probe = tmp_path / "probe.svg"
    probe.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="420"><rect width="640" height="420" fill="white"/></svg>')
    try:
        r = subprocess.run([chromium, *chromium_args(tmp_path / "probe-profile"), "--virtual-time-budget=100",
                            f"--screenshot={tmp_path / 'probe.png'}", probe.as_uri()], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.skip("chromium cannot run here: a screenshot of a blank page took over 60 s")
    if r.returncode != 0 or not (tmp_path / "probe.png").exists():
        pytest.skip(f"chromium cannot run here (exit {r.returncode}): {r.stderr.strip().splitlines()[-1:]}")
    return chromium


def screenshot(chromium, svg, png, budget_ms, tmp_path):
    """A screenshot of the SVG page once `budget_ms` of virtual time has passed since it loaded.

    Headless Chromium now and then never exits after a long virtual-time budget (CI saw one hang in some
    hundred runs). That says nothing of gd's SVG, so a hung browser is killed, with its helper processes,
    and asked again with a fresh profile; three hangs in a row fail the test."""
    for attempt in range(3):
        png.unlink(missing_ok=True)
        args = [chromium, *chromium_args(tmp_path / f"profile-{budget_ms}-{attempt}"),
                f"--virtual-time-budget={budget_ms}", f"--screenshot={png}", svg.as_uri()]
        p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            _, err = p.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate()
            continue
        assert p.returncode == 0 and png.exists(), err[-2000:]
        return
    pytest.fail(f"chromium hung three times taking the screenshot at {budget_ms} ms")


# MARK: Where things are

def axes_mapping(svg):
    """Data (x, y) → device (x, y), read from the figure's own axes: the x tick labels are centred on their
    ticks, and each y tick label sits beside the horizontal grid line of its value."""
    def number(s):
        return float(s.replace("\u2212", "-"))
    xs = [(number(v), float(x)) for x, v in
          re.findall(r'<text x="([-0-9.]+)" y="[-0-9.]+" font-size="11" text-anchor="middle" fill="#262626">([^<]+)</text>', svg)]
    ys = [(number(v), float(y)) for y, v in
          re.findall(r'<text x="[-0-9.]+" y="([-0-9.]+)" font-size="11" text-anchor="end" fill="#262626">([^<]+)</text>', svg)]
    grid = re.search(r'<path d="([^"]+)" stroke="#e4e4e4"', svg).group(1)
    rows = [float(y) for y in re.findall(r"M[-0-9.]+ ([-0-9.]+)H", grid)]
    ys = [(value, min(rows, key=lambda r: abs(r - label))) for value, label in ys]
    assert len(xs) >= 2 and len(ys) >= 2, "the figure needs two labelled ticks on each axis"

    def line(ticks):
        (v0, d0), (v1, d1) = ticks[0], ticks[-1]
        return lambda v: d0 + (v - v0) * (d1 - d0) / (v1 - v0)
    fx, fy = line(xs), line(ys)
    return lambda x, y: (fx(x), fy(y))


def find_ball(width, height, pixels):
    """The centre (device units) of the largest patch of the ball's colour, or None. Stray pixels of nearly
    that colour (where the faded trail crosses other marks) form smaller patches."""
    match = set()
    for y in range(height):
        row = pixels[y]
        for x in range(width):
            r, g, b = row[3 * x:3 * x + 3]
            if abs(r - BALL[0]) <= 30 and abs(g - BALL[1]) <= 30 and abs(b - BALL[2]) <= 30:
                match.add((x, y))
    best = []
    while match:
        patch, todo = [], [match.pop()]
        while todo:
            x, y = todo.pop()
            patch.append((x, y))
            for n in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                if n in match:
                    match.remove(n)
                    todo.append(n)
        best = max(best, patch, key=len)
    if len(best) < 20:
        return None
    # A pixel's centre is half a unit in from its corner.
    return (sum(x for x, _ in best) / len(best) + 0.5, sum(y for _, y in best) / len(best) + 0.5)


def decode_png(data):
    """(width, height, rows of RGB bytes) of an 8-bit RGB or RGBA PNG, with the standard library alone."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
        elif kind == b"IDAT":
            idat += body
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous, at = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[at], bytearray(raw[at + 1:at + 1 + stride])
        at += 1 + stride
        unfilter(kind, line, previous, channels)
        rows.append(line)
        previous = line
    if channels == 4:
        # Blend onto white, as the page is.
        rows = [bytes(round(c * p[3] / 255 + 255 * (1 - p[3] / 255)) for p in zip(*[iter(line)] * 4) for c in p[:3])
                for line in rows]
    return width, height, rows


def unfilter(kind, line, previous, bpp):
    """Undoes PNG's per-row filter in place (RFC 2083, section 6)."""
    if kind == 0:
        return
    for i in range(len(line)):
        a = line[i - bpp] if i >= bpp else 0
        b = previous[i]
        c = previous[i - bpp] if i >= bpp else 0
        if kind == 1:
            line[i] = (line[i] + a) & 255
        elif kind == 2:
            line[i] = (line[i] + b) & 255
        elif kind == 3:
            line[i] = (line[i] + (a + b) // 2) & 255
        else:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
