"""Runs cells in the course kernel and presses "interrupt" during one of them, as JupyterLab does
(SIGINT to the kernel), or writes files while one runs, as a learner editing src/ does. Prints, as
JSON, each cell's reply status and outputs.

usage: .venv/bin/python test/kernel/interrupt_cell.py CELLS.json
CELLS.json: [{"code": "...", "interrupt_when_exists": "path or null", "write_during": {"path": "content"}}, ...]
"""
import json
import os
import queue
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from course_kernel import course_kernel  # noqa: E402


def run_cell(km, kc, code, interrupt_when_exists, write_during=None, timeout=180):
    msg_id = kc.execute(code)
    outputs = []
    interrupted_at = None
    started = time.time()
    while True:
        if write_during and time.time() - started > 1.0:
            for path, content in write_during.items():
                with open(path, "w") as f:
                    f.write(content)
            write_during = None
        try:
            msg = kc.get_iopub_msg(timeout=0.1)
        except queue.Empty:
            msg = None
        if msg and msg["parent_header"].get("msg_id") == msg_id:
            kind = msg["msg_type"]
            content = msg["content"]
            if kind == "stream":
                outputs.append({"type": content["name"], "text": content["text"]})
            elif kind in ("display_data", "update_display_data"):
                outputs.append({"type": kind, "text": content["data"].get("text/plain", "")})
            elif kind == "error":
                outputs.append({"type": "error", "text": "\n".join(content["traceback"])})
            elif kind == "status" and content["execution_state"] == "idle":
                break
        if interrupt_when_exists and interrupted_at is None and os.path.exists(interrupt_when_exists):
            km.interrupt_kernel()
            interrupted_at = time.time() - started
        if time.time() - started > timeout:
            raise SystemExit(f"the cell did not finish within {timeout} s")
    while True:
        reply = kc.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    return {"status": reply["content"]["status"], "outputs": outputs, "interrupted_after_s": interrupted_at}


def main():
    with open(sys.argv[1]) as f:
        cells = json.load(f)
    with course_kernel() as (km, kc):
        results = [run_cell(km, kc, cell["code"], cell.get("interrupt_when_exists"), cell.get("write_during")) for cell in cells]
        alive = km.is_alive()
    print(json.dumps({"cells": results, "kernel_alive_after": alive}))


if __name__ == "__main__":
    main()
