// Type-checks every notebook's code the way the kernel compiles it: tslab's own TypeScript (5.0) with
// the options tslab gives it (not strict), all code cells of a notebook in order, as if run top to
// bottom. `tsc -p .` checks src/ strictly, which can accept what tslab rejects (a literal such as
// baseline: "value" inferred more loosely without strict); this finds such errors in seconds instead
// of in a kernel run. It also finds what tslab compiles but cannot run: a shorthand property naming a
// variable of an earlier cell.
//
//   node scripts/check_notebooks.mjs [notebooks/03_reinforce_cartpole.ipynb …]
import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import { ROOT } from "./script_tools.mjs";

const require = createRequire(import.meta.url);
const ts = require(path.join(ROOT, "node_modules", "@tslab", "typescript-for-tslab"));

const OPTIONS = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  esModuleInterop: true,
  target: ts.ScriptTarget.ES2020,
  lib: ["lib.es2020.d.ts"],
  resolveJsonModule: true,
  experimentalDecorators: true,
  skipLibCheck: true,
  noEmit: true,
};

/** A notebook's code cells as one module, and where each cell starts in it. */
function notebookSource(file) {
  const cells = JSON.parse(fs.readFileSync(file, "utf8")).cells;
  const starts = [];
  let text = "";
  cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    starts.push({ index, line: text.split("\n").length - 1 });
    text += [].concat(cell.source).join("") + "\n";
  });
  return { text: text + "export {};\n", starts };
}

const requested = process.argv.slice(2);
const notebooks = requested.length > 0 ? requested.map((f) => path.resolve(f)) : fs.readdirSync(path.join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort().map((f) => path.join(ROOT, "notebooks", f));
// each notebook becomes a virtual file in the project root, where the kernel runs and "./src/…" resolves
const virtual = new Map(notebooks.map((file) => [path.join(ROOT, `__notebook_${path.basename(file, ".ipynb")}__.ts`), { file, ...notebookSource(file) }]));
const host = ts.createCompilerHost(OPTIONS);
const readFile = host.readFile.bind(host);
const fileExists = host.fileExists.bind(host);
host.readFile = (name) => virtual.get(path.resolve(name))?.text ?? readFile(name);
host.fileExists = (name) => virtual.has(path.resolve(name)) || fileExists(name);
const program = ts.createProgram([...virtual.keys()], OPTIONS, host);

let problems = 0;
for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
  const source = diagnostic.file && virtual.get(path.resolve(diagnostic.file.fileName));
  if (diagnostic.file && !source) continue; // the library is checked strictly by tsc -p .
  problems++;
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n  ");
  if (!source) {
    console.error(message);
    continue;
  }
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
  const cell = source.starts.filter((s) => s.line <= line).pop();
  console.error(`${path.relative(ROOT, source.file)}, cell ${cell.index + 1}, line ${line - cell.line + 1}:${character + 1}: ${message}`);
}
// tslab renames the variables of earlier cells when it compiles a cell, but not inside a shorthand
// property ({ episode }): that throws "episode is not defined" when the cell runs. Write episode: episode.
const checker = program.getTypeChecker();
for (const [name, source] of virtual) {
  const sourceFile = program.getSourceFile(name);
  const visit = (node) => {
    if (ts.isShorthandPropertyAssignment(node)) {
      const declaration = checker.getShorthandAssignmentValueSymbol(node)?.declarations?.[0];
      const line = (n) => sourceFile.getLineAndCharacterOfPosition(n.getStart(sourceFile)).line;
      const cellOf = (l) => source.starts.filter((s) => s.line <= l).pop();
      if (declaration && declaration.getSourceFile() === sourceFile && cellOf(line(declaration)) !== cellOf(line(node))) {
        problems++;
        const cell = cellOf(line(node));
        console.error(`${path.relative(ROOT, source.file)}, cell ${cell.index + 1}, line ${line(node) - cell.line + 1}: { ${node.name.text} } names a variable of an earlier cell, which tslab cannot resolve in a shorthand property; write ${node.name.text}: ${node.name.text}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
}
console.log(`${notebooks.length} notebooks type-checked as the kernel compiles them (TypeScript ${ts.version}): ${problems === 0 ? "no problems" : `${problems} problem(s)`}`);
process.exit(problems === 0 ? 0 : 1);
