"""Runs a notebook's code cells several times over in one course kernel, as a learner who reruns it does,
and after each pass prints the kernel's memory as one JSON line: resident set (rss), the JavaScript heap
after a full garbage collection, memory outside the heap, and TensorFlow.js's live tensors.

usage: .venv/bin/python bench/notebook_memory.py NOTEBOOK.ipynb PASSES
"""
import json
import os
import queue
import sys
import time

import nbformat

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from course_kernel import course_kernel  # noqa: E402

# a full collection first, so the heap counts what is still referenced, not garbage not yet collected
PROBE = """import { tf as memoryProbeTf } from "./src/core/tf";
import * as memoryProbeV8 from "v8";
import * as memoryProbeVm from "vm";
memoryProbeV8.setFlagsFromString("--expose-gc");
(memoryProbeVm.runInNewContext("gc") as () => void)();
{
  const m = process.memoryUsage();
  const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
  console.log(JSON.stringify({ rss_mib: mib(m.rss), heap_mib: mib(m.heapUsed), external_mib: mib(m.external), tensors: memoryProbeTf.memory().numTensors }));
}"""


def run(kc, code, timeout=3600):
    """Runs one cell; returns its printed text and whether it raised."""
    msg_id = kc.execute(code, stop_on_error=False)
    printed, failed = [], False
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=timeout)
        except queue.Empty:
            raise SystemExit(f"a cell did not finish within {timeout} s")
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            printed.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            failed = True
        elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return "".join(printed), failed


def main():
    notebook, passes = sys.argv[1], int(sys.argv[2])
    cells = [c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    with course_kernel() as (_, kc):
        print(json.dumps({"pass": 0, **json.loads(run(kc, PROBE)[0])}), flush=True)
        for p in range(1, passes + 1):
            started = time.time()
            # an exercise cell raises until solved; the others must not
            failures = sum(run(kc, c)[1] for c in cells)
            seconds = time.time() - started
            print(json.dumps({"pass": p, "seconds": round(seconds, 1), "cells_raised": failures, **json.loads(run(kc, PROBE)[0])}), flush=True)


if __name__ == "__main__":
    main()
