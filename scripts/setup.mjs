// Everything a fresh clone needs before the notebooks or the tests can run, done idempotently:
//   1. node_modules from package-lock.json (`npm ci`), redone only when the lock file changes;
//   2. a project-local Python venv (.venv) with JupyterLab, plotly and nbclient from requirements.txt;
//   3. a project-local Jupyter kernelspec for tslab that starts in the project root.
// A second run finds all three up to date and returns in well under a second.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { npmCommand, readJson, ROOT, run, SetupError } from "./script_tools.mjs";
import { restoreTfjsNode } from "./setup-tfjs-node.mjs";

export const VENV = path.join(ROOT, ".venv");
export const KERNEL_NAME = "policy-gradient-ts";
const NODE_STAMP = path.join(ROOT, "node_modules", ".policy-gradient-setup.json");
const MIN_PYTHON = [3, 9];

export { ROOT, SetupError };

function log(message) {
  console.log(`[setup] ${message}`);
}

function digest(...files) {
  const hash = createHash("sha256");
  for (const file of files) hash.update(fs.readFileSync(path.join(ROOT, file)));
  return hash.digest("hex");
}


export function venvBin(name, dir = VENV) {
  return process.platform === "win32" ? path.join(dir, "Scripts", `${name}.exe`) : path.join(dir, "bin", name);
}

export function venvPython(dir = VENV) {
  return venvBin("python", dir);
}


function ensureNodeModules() {
  const want = { lock: digest("package-lock.json"), node: process.versions.modules };
  const have = readJson(NODE_STAMP);
  if (have && have.lock === want.lock && have.node === want.node && fs.existsSync(path.join(ROOT, "node_modules", "tslab"))) return false;
  log("installing npm packages from package-lock.json (npm ci) …");
  const [npm, prefix] = npmCommand();
  run(npm, [...prefix, "ci", "--no-audit", "--no-fund"], "Installing the npm packages");
  // `npm ci` removes a native backend built by `npm run setup:tfjs-node`; an earlier build is put back in a second.
  if (restoreTfjsNode()) log("put back the native TensorFlow backend (npm run setup:tfjs-node)");
  fs.writeFileSync(NODE_STAMP, JSON.stringify(want) + "\n");
  return true;
}

function pythonVersion(command) {
  const result = spawnSync(command, ["-c", "import sys, venv; print('%d.%d' % sys.version_info[:2])"], { encoding: "utf8" });
  if (result.status !== 0 || result.error) return null;
  return result.stdout.trim().split(".").map(Number);
}

function findPython() {
  const candidates = [process.env.PYTHON, "python3", "python"].filter(Boolean);
  for (const command of candidates) {
    const version = pythonVersion(command);
    if (version && (version[0] > MIN_PYTHON[0] || (version[0] === MIN_PYTHON[0] && version[1] >= MIN_PYTHON[1]))) return command;
  }
  throw new SetupError(
    `JupyterLab needs Python ${MIN_PYTHON.join(".")} or newer with its venv and pip modules, and none was found ` +
      `(tried: ${candidates.join(", ")}). On Debian or Ubuntu install it with ` +
      "`sudo apt-get install python3 python3-venv python3-pip`; elsewhere get Python from https://www.python.org. " +
      "Set PYTHON=/path/to/python3 to use a specific one, then run this command again.",
  );
}

/**
 * A Python venv at `dir` with the packages of `requirements` (a file in the project), reinstalled
 * only when that file changes.
 */
export function ensureVenv(dir = VENV, requirements = "requirements.txt", what = "JupyterLab, plotly and nbclient") {
  const python = venvPython(dir);
  const stamp = path.join(dir, ".policy-gradient-setup.json");
  const name = path.relative(ROOT, dir);
  if (!fs.existsSync(python)) {
    const system = findPython();
    log(`creating the Python environment in ${name} (${system} -m venv) …`);
    const result = spawnSync(system, ["-m", "venv", dir], { cwd: ROOT, stdio: "inherit" });
    if (result.status !== 0 || !fs.existsSync(python)) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw new SetupError(
        `Creating the Python environment (${name}) failed. On Debian or Ubuntu the venv module and pip come in ` +
          "separate packages: `sudo apt-get install python3-venv python3-pip`. Then run this command again.",
      );
    }
  }
  const want = { requirements: digest(requirements) };
  const have = readJson(stamp);
  if (have && have.requirements === want.requirements) return false;
  log(`installing ${what} into ${name} (pip) …`);
  if (spawnSync(python, ["-m", "pip", "--version"], { stdio: "ignore" }).status !== 0) {
    throw new SetupError(`The Python environment in ${name} has no pip. Install pip (\`sudo apt-get install python3-pip\` on Debian or Ubuntu), delete ${name} and run this command again.`);
  }
  run(python, ["-m", "pip", "install", "--disable-pip-version-check", "-r", path.join(ROOT, requirements)], "Installing the Python packages");
  fs.writeFileSync(stamp, JSON.stringify(want) + "\n");
  return true;
}

function writeIfChanged(file, text) {
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return true;
}

/**
 * The course's own kernelspec and JupyterLab defaults, inside .venv so nothing outside the project
 * changes. The defaults keep JupyterLab off the network (no news or update checks).
 */
function ensureJupyterConfig() {
  const dir = path.join(VENV, "share", "jupyter", "kernels", KERNEL_NAME);
  const spec = {
    argv: [process.execPath, path.join(ROOT, "scripts", "kernel.cjs"), "{connection_file}"],
    display_name: "TypeScript (policy gradients)",
    language: "typescript",
    metadata: { debugger: false },
  };
  const kernelChanged = writeIfChanged(path.join(dir, "kernel.json"), JSON.stringify(spec, null, 2) + "\n");
  if (kernelChanged) log(`registered the Jupyter kernel "${KERNEL_NAME}" (tslab, started in ${ROOT})`);
  const overrides = { "@jupyterlab/apputils-extension:notification": { fetchNews: "false", checkForUpdates: false } };
  const settingsChanged = writeIfChanged(path.join(VENV, "share", "jupyter", "lab", "settings", "overrides.json"), JSON.stringify(overrides, null, 2) + "\n");
  return kernelChanged || settingsChanged;
}

function chromiumNotice() {
  // the same places src/display/render.ts looks
  const candidates = [process.env.CHROMIUM_PATH, ...JSON.parse(fs.readFileSync(path.join(ROOT, "src", "display", "chromium_paths.json"), "utf8"))];
  if (candidates.some((candidate) => candidate && fs.existsSync(candidate))) return;
  log("no Chromium found: charts draw in JupyterLab but get no static PNG copy. Install it with `sudo apt-get install chromium` (Debian/Ubuntu).");
}

/** `quiet`: say nothing when everything is already in place (for commands other than lab/test). */
export function ensureSetup({ python = true, quiet = false } = {}) {
  const started = Date.now();
  const changed = [ensureNodeModules()];
  if (python) changed.push(ensureVenv(), ensureJupyterConfig());
  if (quiet && !changed.some(Boolean)) return;
  chromiumNotice();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(changed.some(Boolean) ? `ready in ${seconds} s` : `already set up (checked in ${seconds} s)`);
}

/**
 * Runs `command` in the foreground of this terminal and exits with its status. Ctrl-C reaches the
 * child directly (same terminal), so this process only waits; SIGTERM is passed on.
 */
export async function runForeground(command, args, options) {
  const child = spawn(command, args, { stdio: "inherit", ...options });
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => child.kill("SIGTERM"));
  const code = await new Promise((resolve) => child.on("exit", (status, signal) => resolve(status ?? (signal === "SIGINT" ? 130 : 1))));
  process.exit(code);
}

export function runMain(main) {
  main().catch((error) => {
    if (error instanceof SetupError) {
      console.error(`\n${error.message}`);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runMain(async () => ensureSetup());
}
