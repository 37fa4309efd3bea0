#!/usr/bin/env node
// Starts the tslab kernel with the project root as its working directory.
//
// Jupyter starts a kernel in the notebook's folder, but tslab compiles with rootDir = the working
// directory, so a notebook in notebooks/ could not import ../src/*.ts ("not under rootDir"). From
// the root, notebooks import "./src/..." exactly as commands and tests do.
const path = require("path");

const root = path.resolve(__dirname, "..");
const connectionFile = process.argv[2];
if (!connectionFile) {
  console.error("usage: kernel.cjs <connection-file>  (Jupyter passes it; see .venv/share/jupyter/kernels)");
  process.exit(2);
}
const absoluteConnectionFile = path.resolve(connectionFile);
process.chdir(root);
// tslab's compiler host keeps one pending rebuild timer and fails with "Unexpected pending
// rebuildTimer" when TypeScript schedules a second kind: a file created under a watched folder
// (say a new module in src/ while the kernel runs) schedules the re-resolution of failed imports,
// and the next cell's program update then breaks every later cell. Folder watching only serves
// that re-resolution, so it is switched off: edits to existing modules still reload on the next
// import (those are file watchers), and a module created after a failed import of it needs a
// kernel restart.
const typescript = require(path.join(root, "node_modules", "@tslab", "typescript-for-tslab"));
typescript.sys.watchDirectory = () => ({ close() {} });
// A cell sent with stop_on_error: false (as JupyterLab sends a cell tagged "raises-exception", which the
// exercise cells are) fails alone: a learner's typo there does not stop Run All (kernel_cells_fail_alone.cjs).
require("./kernel_cells_fail_alone.cjs").installCellsFailAlone(root);
// One send at a time on each socket: zeromq throws "Socket is busy writing" on a second one, and tslab
// does not wait for the first (kernel_serial_sends.cjs).
require("./kernel_serial_sends.cjs").installSerialSends(root);
process.argv = [process.argv[0], path.join(root, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", absoluteConnectionFile];
require(path.join(root, "node_modules", "tslab", "dist", "main.js")).main();
