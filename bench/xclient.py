#!/usr/bin/python3
"""What a console client's window shows, seen from the X server (bench/console.sh).

  xclient.py fps WINDOW SECONDS    updates per second: DAMAGE notifications of the window
                                   (one per repaint, however many rectangles it covered)
  xclient.py latency WINDOW N      key-to-pixel latency: focuses the window, types 'a' through
                                   XTEST and waits for the window's next repaint, then
                                   Backspace; N times. Prints the median and 90th percentile.

WINDOW is an X window id (xdotool search). Needs python3-xlib (Debian's).
"""
import select
import sys
import time

import Xlib.display
import Xlib.X
import Xlib.XK
from Xlib.ext import damage, xtest


def open_window(window_id):
    d = Xlib.display.Display()
    d.set_error_handler(lambda *args: None)  # python-xlib's RANDR probing on Xvfb is noisy
    if not d.has_extension("DAMAGE"):
        sys.exit("xclient: the X server has no DAMAGE extension")
    d.damage_query_version()  # DAMAGE sends no events to a client that did not ask its version first
    w = d.create_resource_object("window", int(window_id, 0))
    dmg = w.damage_create(damage.DamageReportNonEmpty)
    d.sync()
    return d, w, dmg


def damage_event(d):
    return d.query_extension("DAMAGE").first_event + damage.DamageNotifyCode


def next_damage(d, dmg, deadline):
    """Waits for the window's next repaint; True if one came before the deadline."""
    kind = damage_event(d)
    while time.monotonic() < deadline:
        while d.pending_events():
            e = d.next_event()
            if e.type == kind:
                d.damage_subtract(dmg)
                d.flush()
                return True
        select.select([d], [], [], max(0.0, min(0.05, deadline - time.monotonic())))
    return False


def drain(d, dmg):
    d.damage_subtract(dmg)
    d.sync()
    while d.pending_events():
        d.next_event()


def fps(window_id, seconds):
    d, w, dmg = open_window(window_id)
    drain(d, dmg)
    count = 0
    start = time.monotonic()
    end = start + float(seconds)
    while next_damage(d, dmg, end):
        count += 1
    print("frames/s %.1f" % (count / (time.monotonic() - start)))


def latency(window_id, rounds):
    d, w, dmg = open_window(window_id)
    w.set_input_focus(Xlib.X.RevertToParent, Xlib.X.CurrentTime)
    d.sync()
    time.sleep(0.5)
    keys = [d.keysym_to_keycode(Xlib.XK.string_to_keysym(k)) for k in ("a", "BackSpace")]
    samples = []
    for _ in range(int(rounds)):
        for i, code in enumerate(keys):
            time.sleep(0.25)  # the screen still again
            drain(d, dmg)
            sent = time.monotonic()
            xtest.fake_input(d, Xlib.X.KeyPress, code)
            xtest.fake_input(d, Xlib.X.KeyRelease, code)
            d.flush()
            if next_damage(d, dmg, sent + 2) and i == 0:
                samples.append((time.monotonic() - sent) * 1000)
    samples.sort()
    if not samples:
        print("latency none: the window did not change")
        return
    p90 = samples[min(len(samples) - 1, -(-len(samples) * 9 // 10) - 1)]
    print("latency median %.1f ms p90 %.1f ms (%d of %s)" % (samples[len(samples) // 2], p90, len(samples), rounds))


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("fps", "latency"):
        sys.exit(__doc__)
    {"fps": fps, "latency": latency}[sys.argv[1]](sys.argv[2], sys.argv[3])
