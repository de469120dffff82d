#!/usr/bin/env python3
"""How long `kpibrief watch` takes from a save to the new preview.

Usage: scripts/watch-latency.py KPIBRIEF_BINARY [PERIOD] [ROUNDS]
Copies data/ to a temporary folder, starts `watch PERIOD` (default 2026-W26)
on it, rewrites the period's data file ROUNDS times (default 5), and prints
the seconds from each write to the line saying the preview was written.
"""
import os, re, shutil, signal, subprocess, sys, tempfile, time

binary = sys.argv[1]
period = sys.argv[2] if len(sys.argv) > 2 else "2026-W26"
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
tmp = tempfile.mkdtemp()
ws = os.path.join(tmp, "ws")
shutil.copytree(os.path.join(root, "data"), ws)
kind = "weekly" if "W" in period else "monthly"
data = os.path.join(ws, kind, period + ".yaml")
p = subprocess.Popen([binary, "--data", ws, "watch", period, "--preview", os.path.join(tmp, "pv")],
                     stderr=subprocess.PIPE, text=True)

def wait():
    while True:
        line = p.stderr.readline()
        if not line:
            sys.exit("watch ended: " + p.stderr.read())
        if ": wrote " in line:
            return

wait()
for i in range(rounds):
    text = open(data, encoding="utf-8").read()
    # A change that is valid data: a comment line at the end.
    text = re.sub(r"\n# latency \d+\n$", "\n", text) + "# latency %d\n" % i
    start = time.time()
    open(data, "w", encoding="utf-8").write(text)
    wait()
    print("save -> preview: %.2f s" % (time.time() - start))
    time.sleep(0.5)
p.send_signal(signal.SIGINT)
p.wait()
shutil.rmtree(tmp)
