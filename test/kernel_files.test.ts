// Files written while the course kernel runs, as a learner editing src/ beside an open notebook does:
// a module created during a cell and an imported module edited must not break the cells after it
// (tslab's "Unexpected pending rebuildTimer", which scripts/kernel.cjs prevents), and a re-import
// sees the edit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const PYTHON = path.join(ROOT, ".venv", "bin", "python");

interface CellResult {
  status: string;
  outputs: { type: string; text: string }[];
}

test("a module created and a module edited while the kernel runs: later cells work and see the edit", () => {
  // inside src/, where the course's own imports are resolved (and where the failure was seen)
  const folder = path.join(ROOT, "src", `kernel-files-test-${process.pid}`);
  const relative = `./${path.relative(ROOT, folder)}`;
  fs.mkdirSync(folder, { recursive: true });
  try {
    fs.writeFileSync(path.join(folder, "edited.ts"), "export const value = 1;\n");
    const cells = [
      // a notebook's first cell: its imports make TypeScript watch src/ (for lookups that failed there)
      { code: `import { startLesson } from "./src/lessons/session";\nimport { value } from "${relative}/edited";\nawait startLesson({ seed: 0 });\nconsole.log(\`value \${value}\`);` },
      {
        code: "let spins = 0;\nconst until = Date.now() + 3000;\nwhile (Date.now() < until) spins++;\nconsole.log(\"busy cell done\");",
        write_during: { [path.join(folder, "edited.ts")]: "export const value = 2;\n", [path.join(folder, "created.ts")]: "export const created = 3;\n" },
      },
      { code: 'import { figure } from "./src/display";\nconsole.log(typeof figure);' },
      { code: 'console.log("a later cell");' },
      { code: `import { value as valueAgain } from "${relative}/edited";\nimport { created } from "${relative}/created";\nconsole.log(\`value \${valueAgain}, created \${created}\`);` },
    ];
    const cellsFile = path.join(folder, "cells.json");
    fs.writeFileSync(cellsFile, JSON.stringify(cells));
    const result = spawnSync(PYTHON, [path.join(ROOT, "test", "kernel", "interrupt_cell.py"), cellsFile], { cwd: ROOT, encoding: "utf8", timeout: 300_000 });
    assert.equal(result.status, 0, result.stderr);
    const { cells: results } = JSON.parse(result.stdout) as { cells: CellResult[] };
    const printed = results.map((cell) => cell.outputs.map((o) => `${o.type === "stdout" ? "" : `[${o.type}] `}${o.text}`).join(""));
    assert.deepEqual(results.map((cell) => cell.status), ["ok", "ok", "ok", "ok", "ok"], printed.join("\n---\n"));
    assert.match(printed[0], /value 1\n$/);
    assert.equal(printed[2], "function\n");
    assert.equal(printed[3], "a later cell\n");
    assert.equal(printed[4], "value 2, created 3\n", "a re-import sees the edit, and the new module imports");
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
