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
process.argv = [process.argv[0], path.join(root, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", absoluteConnectionFile];
require(path.join(root, "node_modules", "tslab", "dist", "main.js")).main();
