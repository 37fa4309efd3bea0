"""Runs a notebook's cells in the course kernel as JupyterLab's Run All does: every cell sent at once, each
with stop_on_error false when the cell is tagged "raises-exception" (true otherwise), so that the kernel
decides which cells run after one that fails. Optionally presses interrupt (SIGINT, as JupyterLab's ■) once
a file exists (a cell writes it when it has started what is to be interrupted), and then, once every cell has replied and a moment has passed, runs
more cells one at a time, as a learner does next. Prints, as JSON, each cell's reply status and outputs.

usage: .venv/bin/python test/kernel/run_all.py NOTEBOOK.ipynb [--interrupt-when-exists PATH] [--then CELLS.json]
CELLS.json: ["code", ...]
"""
import argparse
import json
import os
import queue
import sys
import time

import nbformat

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from course_kernel import course_kernel  # noqa: E402


def collect(kc, msg_ids, timeout, interrupt=None):
    """The replies and outputs of the cells sent as msg_ids, in their order; interrupt() is called each turn."""
    status = {}
    outputs = {msg_id: [] for msg_id in msg_ids}
    deadline = time.time() + timeout
    while len(status) < len(msg_ids):
        if time.time() > deadline:
            raise SystemExit(f"the cells did not all reply within {timeout} s")
        try:
            reply = kc.get_shell_msg(timeout=0.1)
            if reply["msg_type"] == "execute_reply":
                status[reply["parent_header"]["msg_id"]] = reply["content"]["status"]
        except queue.Empty:
            pass
        drain(kc, outputs)
        if interrupt:
            interrupt()
    time.sleep(0.5)  # outputs sent just before a reply
    drain(kc, outputs)
    return [{"status": status[m], "outputs": outputs[m]} for m in msg_ids]


def drain(kc, outputs):
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=0.01)
        except queue.Empty:
            return
        parent = msg["parent_header"].get("msg_id")
        if parent not in outputs:
            continue
        content = msg["content"]
        if msg["msg_type"] == "stream":
            outputs[parent].append({"type": content["name"], "text": content["text"]})
        elif msg["msg_type"] == "error":
            outputs[parent].append({"type": "error", "text": "\n".join(content["traceback"])})
        elif msg["msg_type"] in ("display_data", "execute_result"):
            outputs[parent].append({"type": msg["msg_type"], "text": content["data"].get("text/plain", "")})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("notebook")
    parser.add_argument("--interrupt-when-exists", default=None)
    parser.add_argument("--then", default=None)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    notebook = nbformat.read(args.notebook, as_version=4)
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    with course_kernel(notebook.metadata.kernelspec.name) as (km, kc):
        started = time.time()
        msg_ids = [kc.execute(c.source, stop_on_error="raises-exception" not in c.metadata.get("tags", [])) for c in cells]
        interrupted = []

        def interrupt():
            if args.interrupt_when_exists and not interrupted and os.path.exists(args.interrupt_when_exists):
                km.interrupt_kernel()
                interrupted.append(time.time() - started)

        results = collect(kc, msg_ids, args.timeout, interrupt)
        then = []
        if args.then:
            time.sleep(1.0)  # a learner's next run comes later than the queue's reset after an error
            with open(args.then) as f:
                for code in json.load(f):
                    then += collect(kc, [kc.execute(code)], args.timeout)
        alive = km.is_alive()
        took = time.time() - started
    print(json.dumps({"cells": results, "then": then, "kernel_alive_after": alive, "seconds": took, "interrupted": bool(interrupted)}))


if __name__ == "__main__":
    main()
