// Runs a notebook's cells in the real course kernel as JupyterLab's Run All does (test/kernel/run_all.py)
// and returns each cell's reply: the kernel tests' one way in.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const PYTHON = path.join(ROOT, ".venv", "bin", "python");

export interface Cell {
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[] };
  outputs?: { output_type: string; text?: string | string[] }[];
}
export interface Reply {
  status: string;
  outputs: { type: string; text: string }[];
}

export const sourceOf = (cell: Cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);
export const textOf = (reply: Reply) => reply.outputs.map((o) => o.text).join("");

export const codeCell = (source: string, tags?: string[]): Cell => ({ cell_type: "code", source, metadata: tags ? { tags } : {}, outputs: [] });

/** A notebook of these cells for the course kernel. */
export function courseNotebook(cells: Cell[]): object {
  return { metadata: { kernelspec: { name: "policy-gradient-ts", display_name: "TypeScript", language: "typescript" } }, nbformat: 4, nbformat_minor: 5, cells };
}

/** Every cell sent at once; `args` as run_all.py takes them (--interrupt-when-exists, --then, --timeout). */
export function runAll(notebook: object, work: string, args: string[] = []) {
  const file = path.join(work, `notebook-${fs.readdirSync(work).length}.ipynb`);
  fs.writeFileSync(file, JSON.stringify(notebook));
  const env = { ...process.env, QUICK: "1", EXERCISES_DIR: path.join(work, "exercises"), RUNS_DIR: path.join(work, "runs") };
  const run = spawnSync(PYTHON, [path.join(ROOT, "test", "kernel", "run_all.py"), file, ...args], { cwd: ROOT, encoding: "utf8", env, timeout: 600_000 });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as { cells: Reply[]; then: Reply[]; kernel_alive_after: boolean; interrupted: boolean };
}
