// Every notebook, executed top to bottom through the real tslab kernel (nbclient, QUICK=1): no
// cell may fail, and each must draw at least one Plotly chart and one table.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "fs";
import * as path from "path";
import { findChromium } from "../src/display/render";

const ROOT = path.resolve(__dirname, "..");
const PYTHON = path.join(ROOT, ".venv", "bin", "python");
const PLOTLY_MIME = "application/vnd.plotly.v1+json";

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}

const joined = (text: string | string[] | undefined) => (Array.isArray(text) ? text.join("") : text ?? "");

// NOTEBOOKS=02 (a substring of the file name) runs only the matching notebooks.
const only = process.env.NOTEBOOKS ?? "";
const notebooks = fs
  .readdirSync(path.join(ROOT, "notebooks"))
  .filter((name) => name.endsWith(".ipynb") && name.includes(only))
  .sort();

test("there are notebooks to run", () => {
  assert.ok(notebooks.length > 0);
  assert.ok(fs.existsSync(PYTHON), "the project venv is missing: run `npm test` (it sets it up) rather than node --test directly");
});

for (const name of notebooks) {
  test(`notebook ${name} runs top to bottom and shows charts and tables`, { timeout: 20 * 60_000 }, () => {
    const source = path.join(ROOT, "notebooks", name);
    // The committed version must be clean; a learner's working copy may well hold outputs.
    const fromGit = spawnSync("git", ["show", `HEAD:notebooks/${name}`], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
    const committed = JSON.parse(fromGit.status === 0 ? fromGit.stdout : fs.readFileSync(source, "utf8"));
    assert.equal(committed.metadata.kernelspec.name, "policy-gradient-ts", "notebooks use the course kernel");
    const withOutputs = committed.cells.filter((c: { cell_type: string; outputs?: unknown[] }) => c.cell_type === "code" && (c.outputs ?? []).length > 0);
    assert.equal(withOutputs.length, 0, "notebooks are committed without outputs");

    const target = path.join(ROOT, "output", "executed", name);
    const started = Date.now();
    const run = spawnSync(PYTHON, [path.join(ROOT, "scripts", "execute_notebook.py"), source, target], {
      cwd: ROOT,
      env: { ...process.env, QUICK: "1" },
      encoding: "utf8",
    });
    const executed = JSON.parse(fs.readFileSync(target, "utf8"));
    const outputs: Output[] = executed.cells.flatMap((c: { outputs?: Output[] }) => c.outputs ?? []);
    const problems = outputs
      .filter((o) => o.output_type === "error" || (o.output_type === "stream" && o.name === "stderr"))
      .map((o) => (o.output_type === "error" ? `${o.ename}: ${o.evalue}` : joined(o.text)).slice(0, 2000));
    assert.equal(run.status, 0, `${name} failed after ${((Date.now() - started) / 1000).toFixed(0)} s:\n${problems.join("\n") || run.stderr}`);
    assert.deepEqual(problems, [], `${name} wrote errors`);

    const charts = outputs.filter((o) => o.data && PLOTLY_MIME in o.data);
    assert.ok(charts.length >= 1, `${name} drew no Plotly chart`);
    for (const chart of charts) {
      const data = chart.data!;
      assert.ok(!("text/html" in data), "chart outputs carry no HTML (it would need a trusted notebook)");
      const figure = data[PLOTLY_MIME] as { data?: unknown[]; layout?: object };
      assert.ok(Array.isArray(figure.data) && figure.data.length > 0 && figure.layout, "a chart has data and a layout");
      if (findChromium()) {
        const png = Buffer.from(String(data["image/png"] ?? ""), "base64");
        assert.ok(png.length > 1000 && png[0] === 0x89, "with Chromium present every chart carries a PNG");
      }
    }
    const tables = outputs.filter((o) => o.data && /<table/.test(String(o.data["text/html"] ?? "")));
    assert.ok(tables.length >= 1, `${name} showed no table`);
    console.log(`${name}: ${charts.length} charts, ${tables.length} tables, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
}
