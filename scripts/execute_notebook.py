"""Executes a notebook headlessly through its Jupyter kernel and saves the result.

usage: .venv/bin/python scripts/execute_notebook.py IN.ipynb OUT.ipynb [--timeout SECONDS]

Stops at the first cell that fails (nbclient goes on past a cell tagged "raises-exception", as the
exercise cells are; the notebook tests then find its error in the outputs); the saved copy holds every output up to and including the
error, and the exit status is 1. The kernel inherits this process's environment (QUICK=1 …).
"""
import argparse
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("target")
    parser.add_argument("--timeout", type=int, default=900, help="seconds allowed per cell")
    args = parser.parse_args()

    notebook = nbformat.read(args.source, as_version=4)
    kernel = notebook.metadata.get("kernelspec", {}).get("name")
    client = NotebookClient(
        notebook,
        timeout=args.timeout,
        kernel_name=kernel,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.source))}},
    )
    status = 0
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as error:
        print(f"{args.source}: {str(error).splitlines()[0] if str(error) else type(error).__name__}", file=sys.stderr)
        status = 1
    os.makedirs(os.path.dirname(os.path.abspath(args.target)), exist_ok=True)
    nbformat.write(notebook, args.target)
    return status


if __name__ == "__main__":
    sys.exit(main())
