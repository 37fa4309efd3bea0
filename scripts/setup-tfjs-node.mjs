// `npm run setup:tfjs-node`: the native TensorFlow backend (@tensorflow/tfjs-node) built from the
// package registries alone, for machines that cannot reach the host its own installer downloads from.
//
// tfjs-node's install script fetches libtensorflow and a prebuilt addon from Google Cloud Storage.
// Everything it needs is also on the registries:
//   - npm:  @tensorflow/tfjs-node itself, which carries its addon's C++ source and binding.gyp;
//   - PyPI: the tensorflow-cpu wheel, which carries the TensorFlow shared libraries
//           (libtensorflow_cc.so.2 exports the C and eager C APIs the addon calls) and their C headers.
// This script downloads both (pinned by hash), builds the addon with node-gyp against the wheel's
// libraries, and installs the result as node_modules/tfjs-node-native (the alias package.json uses),
// where src/core/tf.ts finds it. It never touches package.json or package-lock.json; `npm ci` removes the
// result again (run this script afterwards to put it back: that takes seconds once built).
//
// Usage: node scripts/setup-tfjs-node.mjs [--force] [--remove]
//   --force   rebuild from the downloads even if an installed copy is up to date
//   --remove  delete node_modules/tfjs-node-native (if this script installed it) and .tfjs-node-build/
// Work files live in .tfjs-node-build/ (about 830 MB once built, nearly all of it libtensorflow_cc.so.2;
// the copy in node_modules shares those bytes through hard links when it can).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { npmCommand, readJson, ROOT, run, SetupError } from "./script_tools.mjs";

const BUILD = path.join(ROOT, ".tfjs-node-build");
const DOWNLOADS = path.join(BUILD, "downloads");
const STAGE = path.join(BUILD, "tfjs-node-native"); // the complete package, copied into node_modules
const PACKAGE_NAME = "tfjs-node-native";
const TARGET = path.join(ROOT, "node_modules", PACKAGE_NAME);
const STAMP_NAME = ".setup-tfjs-node.json";

const TFJS_NODE = { name: "@tensorflow/tfjs-node", version: "4.22.0" };
// The wheel is only unpacked, never imported, so it is pinned to one file whatever the local Python.
const WHEEL = {
  project: "tensorflow-cpu",
  version: "2.21.0",
  file: "tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl",
  sha256: "2b847d217b02ee7731ed91431daf3250daa0196c3c94614d23be27232e6e5b6c",
  pipTarget: ["--platform", "manylinux_2_27_x86_64", "--python-version", "3.11", "--implementation", "cp", "--abi", "cp311"],
  minGlibc: [2, 27],
};
const WHEEL_LIBS = ["tensorflow/libtensorflow_cc.so.2", "tensorflow/libtensorflow_framework.so.2"];
// binding.gyp links -ltensorflow -ltensorflow_framework from deps/lib; the sonames are what load.
const LINKER_NAMES = { "libtensorflow.so": "libtensorflow_cc.so.2", "libtensorflow_framework.so": "libtensorflow_framework.so.2" };
const RECIPE = { tfjsNode: TFJS_NODE.version, wheel: WHEEL.file, sha256: WHEEL.sha256, recipe: 1 };


const started = Date.now();
function log(message) {
  console.log(`[setup:tfjs-node] ${message}`);
}
function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
function mib(bytes) {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}


function sameRecipe(stamp) {
  return stamp !== null && Object.entries(RECIPE).every(([key, value]) => stamp[key] === value);
}

function fileHash(file, algorithm, encoding = "hex") {
  const hash = createHash(algorithm);
  const fd = fs.openSync(file, "r");
  const buffer = Buffer.alloc(1 << 20);
  try {
    let n;
    while ((n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0) hash.update(buffer.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest(encoding);
}


function npm(args, what, options = {}) {
  const [command, prefix] = npmCommand();
  // npm_config_* from an outer `npm run` (e.g. a global prefix) must not steer these scratch installs.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k)));
  return run(command, [...prefix, ...args], what, { env, ...options });
}

function checkPlatform() {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new SetupError(
      `This recipe is for Linux x86-64 (this is ${process.platform}-${process.arch}). Elsewhere use @tensorflow/tfjs-node's ` +
        "own installer (it works where storage.googleapis.com is reachable) or stay on the wasm backend.",
    );
  }
  const glibc = process.report?.getReport?.().header?.glibcVersionRuntime;
  if (!glibc) throw new SetupError("This recipe needs a glibc-based Linux (the TensorFlow wheel is manylinux).");
  const [major, minor] = glibc.split(".").map(Number);
  if (major < WHEEL.minGlibc[0] || (major === WHEEL.minGlibc[0] && minor < WHEEL.minGlibc[1])) {
    throw new SetupError(`The TensorFlow ${WHEEL.version} wheel needs glibc ≥ ${WHEEL.minGlibc.join(".")}; this system has ${glibc}.`);
  }
  if (Number(process.versions.napi) < 8) throw new SetupError(`Node-API 8 or newer is needed (this Node has ${process.versions.napi}).`);
  const tfjs = readJson(path.join(ROOT, "node_modules", "@tensorflow", "tfjs", "package.json"));
  if (!tfjs) throw new SetupError("node_modules/@tensorflow/tfjs is missing: run `npm run setup` (or `npm ci`) first, then this again.");
  if (tfjs.version !== TFJS_NODE.version) {
    throw new SetupError(`@tensorflow/tfjs-node ${TFJS_NODE.version} needs @tensorflow/tfjs ${TFJS_NODE.version}; the project has ${tfjs.version}.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Downloads

function lockEntry(key) {
  const lock = readJson(path.join(ROOT, "package-lock.json"));
  return lock?.packages?.[key] ?? null;
}

function downloadTfjsNode() {
  const tarball = path.join(DOWNLOADS, `tensorflow-tfjs-node-${TFJS_NODE.version}.tgz`);
  const expected = lockEntry(`node_modules/${PACKAGE_NAME}`)?.integrity;
  const integrity = () => `sha512-${fileHash(tarball, "sha512", "base64")}`;
  if (!fs.existsSync(tarball) || (expected && integrity() !== expected)) {
    log(`downloading ${TFJS_NODE.name}@${TFJS_NODE.version} from the npm registry (npm pack) …`);
    npm(["pack", `${TFJS_NODE.name}@${TFJS_NODE.version}`, "--pack-destination", DOWNLOADS, "--silent"], "Downloading tfjs-node", { capture: true, cwd: DOWNLOADS });
  }
  if (!fs.existsSync(tarball)) throw new SetupError(`npm pack did not produce ${tarball}.`);
  if (expected && integrity() !== expected) {
    throw new SetupError(`${tarball} does not match the integrity recorded in package-lock.json (${expected}). Delete it and run again.`);
  }
  return tarball;
}

function findPip() {
  const candidates = [path.join(ROOT, ".venv", "bin", "python"), process.env.PYTHON, "python3", "python"].filter(Boolean);
  for (const python of candidates) {
    const result = spawnSync(python, ["-m", "pip", "--version"], { encoding: "utf8" });
    if (!result.error && result.status === 0) return python;
  }
  throw new SetupError(
    "No Python with pip was found (tried .venv/bin/python, $PYTHON, python3, python). Run `npm run setup` to create .venv, " +
      "or install pip (Debian: apt-get install python3-pip), then run this again.",
  );
}

function downloadWheel() {
  const wheel = path.join(DOWNLOADS, WHEEL.file);
  if (fs.existsSync(wheel) && fileHash(wheel, "sha256") === WHEEL.sha256) return wheel;
  const python = findPip();
  log(`downloading ${WHEEL.project}==${WHEEL.version} from PyPI (${WHEEL.file}, about 260 MiB; only its libraries and C headers are used) …`);
  const requirements = path.join(DOWNLOADS, "tensorflow-wheel.txt");
  fs.writeFileSync(requirements, `${WHEEL.project}==${WHEEL.version} --hash=sha256:${WHEEL.sha256}\n`);
  run(
    python,
    ["-m", "pip", "download", "--disable-pip-version-check", "--no-deps", "--only-binary=:all:", "--require-hashes", ...WHEEL.pipTarget, "-d", DOWNLOADS, "-r", requirements],
    `Downloading ${WHEEL.project} ${WHEEL.version} with pip (pip's own message is above; PyPI must be reachable, and a hash ` +
      "mismatch means the file is not the one this recipe was checked with)",
  );
  if (!fs.existsSync(wheel)) throw new SetupError(`pip finished but ${wheel} is not there.`);
  return wheel;
}

// ---------------------------------------------------------------------------------------------
// Staging: the package, the TensorFlow library, the addon's runtime dependencies, the addon

function unpackTfjsNode(tarball, into) {
  const scratch = path.join(BUILD, "unpack");
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { recursive: true });
  run("tar", ["-xzf", tarball, "-C", scratch], "Unpacking tfjs-node");
  fs.renameSync(path.join(scratch, "package"), into);
  fs.rmSync(scratch, { recursive: true, force: true });
}

const EXTRACT_PY = `
import sys, zipfile, os, shutil
wheel, dest, libs = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(wheel) as z:
    names = set(z.namelist())
    missing = [n for n in libs if n not in names]
    if missing:
        sys.exit("the wheel has no " + ", ".join(missing))
    for name in libs:
        with z.open(name) as src, open(os.path.join(dest, "lib", os.path.basename(name)), "wb") as out:
            shutil.copyfileobj(src, out, 1 << 22)
    prefix = "tensorflow/include/"
    count = 0
    for info in z.infolist():
        if info.filename.startswith(prefix) and not info.is_dir():
            target = os.path.join(dest, "include", info.filename[len(prefix):])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with z.open(info) as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out)
            count += 1
    print(count)
`;

function unpackTensorFlow(wheel, packageDir) {
  const deps = path.join(packageDir, "deps");
  fs.mkdirSync(path.join(deps, "lib"), { recursive: true });
  fs.mkdirSync(path.join(deps, "include"), { recursive: true });
  const python = findPip();
  const result = run(python, ["-c", EXTRACT_PY, wheel, deps, ...WHEEL_LIBS], "Unpacking the TensorFlow libraries from the wheel", { capture: true });
  for (const [link, target] of Object.entries(LINKER_NAMES)) fs.symlinkSync(target, path.join(deps, "lib", link));
  const headers = path.join(deps, "include", "tensorflow", "c", "eager", "c_api.h");
  if (!fs.existsSync(headers)) throw new SetupError(`The wheel's headers lack ${headers}.`);
  return Number(result.stdout.trim());
}

/** tfjs-node's dependencies other than @tensorflow/tfjs, at the versions package-lock.json pins. */
function runtimeDependencies(packageDir) {
  const declared = readJson(path.join(packageDir, "package.json")).dependencies;
  const pinned = {};
  for (const [name, range] of Object.entries(declared)) {
    if (name.startsWith("@tensorflow/")) continue; // resolved from the project's node_modules
    pinned[name] = lockEntry(`node_modules/${name}`)?.version ?? lockEntry(`node_modules/${PACKAGE_NAME}/node_modules/${name}`)?.version ?? range;
  }
  return pinned;
}

function installRuntimeDependencies(packageDir) {
  const scratch = path.join(BUILD, "npm-deps");
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { recursive: true });
  const dependencies = runtimeDependencies(packageDir);
  fs.writeFileSync(path.join(scratch, "package.json"), JSON.stringify({ name: "tfjs-node-deps", private: true, dependencies }, null, 2) + "\n");
  log(`installing tfjs-node's own dependencies (${Object.keys(dependencies).join(", ")}) from the npm registry …`);
  npm(["install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], "Installing tfjs-node's dependencies", { cwd: scratch });
  fs.renameSync(path.join(scratch, "node_modules"), path.join(packageDir, "node_modules"));
  fs.rmSync(path.join(packageDir, "node_modules", ".package-lock.json"), { force: true });
  fs.rmSync(scratch, { recursive: true, force: true });
}

function nodeGyp() {
  const candidates = [];
  const cli = process.env.npm_execpath;
  if (cli) candidates.push(path.join(path.dirname(cli), "..", "node_modules", "node-gyp", "bin", "node-gyp.js"));
  const which = spawnSync("sh", ["-c", "command -v npm"], { encoding: "utf8" }).stdout?.trim();
  if (which) candidates.push(path.join(path.dirname(fs.realpathSync(which)), "..", "node_modules", "node-gyp", "bin", "node-gyp.js"));
  candidates.push(path.join(path.dirname(process.execPath), "..", "lib", "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js"));
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) throw new SetupError(`node-gyp was not found (it ships inside npm; looked at ${candidates.join(", ")}).`);
  return found;
}

/** Node's own headers, so node-gyp builds offline instead of downloading a header tarball. */
function nodeHeadersDir() {
  const candidates = [process.env.npm_config_nodedir, path.resolve(path.dirname(process.execPath), "..")].filter(Boolean);
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, "include", "node", "node_api.h")));
  if (!found) {
    throw new SetupError(
      `Node's C headers (include/node/node_api.h) were not found next to ${process.execPath}. ` +
        "Install them (Debian: apt-get install libnode-dev, or use a Node.js build that ships include/node), then run this again.",
    );
  }
  return found;
}

/** Where @mapbox/node-pre-gyp (what tfjs-node's index.js uses) will look for the addon. */
function bindingPath(packageDir) {
  const script = "process.stdout.write(require('@mapbox/node-pre-gyp').find(require('path').resolve('package.json')))";
  return run(process.execPath, ["-e", script], "Locating the addon path", { cwd: packageDir, capture: true }).stdout.trim();
}

function buildAddon(packageDir) {
  for (const tool of ["c++", "make"]) {
    const found = spawnSync(tool, ["--version"], { encoding: "utf8" });
    if (found.error || found.status !== 0) throw new SetupError(`node-gyp needs \`${tool}\`, which is not installed (Debian: apt-get install g++ make).`);
  }
  const gyp = nodeGyp();
  const nodedir = nodeHeadersDir();
  log(`building the addon with node-gyp against TensorFlow ${WHEEL.version} (headers from ${nodedir}) …`);
  const napi = Math.min(8, Number(process.versions.napi));
  run(
    process.execPath,
    [gyp, "rebuild", `--nodedir=${nodedir}`, "--module_name=tfjs_binding", `--module_path=${path.join(packageDir, "lib", `napi-v${napi}`)}`, `--napi_build_version=${napi}`, "--loglevel=warn"],
    "Building the tfjs-node addon (node-gyp's messages are above)",
    { cwd: packageDir },
  );
  const built = path.join(packageDir, "build", "Release", "tfjs_binding.node");
  const wanted = bindingPath(packageDir);
  fs.mkdirSync(path.dirname(wanted), { recursive: true });
  if (!fs.existsSync(wanted)) fs.copyFileSync(built, wanted);
  // Build products and the ~300 MB of C/C++ headers are needed only to compile.
  fs.rmSync(path.join(packageDir, "build"), { recursive: true, force: true });
  fs.rmSync(path.join(packageDir, "deps", "include"), { recursive: true, force: true });
  return wanted;
}

function stage(force) {
  const stamp = readJson(path.join(STAGE, STAMP_NAME));
  if (!force && sameRecipe(stamp)) return { built: false, stamp };
  log(`building ${TFJS_NODE.name}@${TFJS_NODE.version} against ${WHEEL.project} ${WHEEL.version} from PyPI (work folder ${path.relative(ROOT, BUILD)}/)`);
  const t0 = Date.now();
  fs.mkdirSync(DOWNLOADS, { recursive: true });
  const tarball = downloadTfjsNode();
  const wheel = downloadWheel();
  const downloaded = fs.statSync(tarball).size + fs.statSync(wheel).size;
  log(`downloads ready (${mib(downloaded)}) after ${seconds(t0)}`);

  const work = `${STAGE}.partial`;
  fs.rmSync(work, { recursive: true, force: true });
  unpackTfjsNode(tarball, work);
  const t1 = Date.now();
  log("unpacking libtensorflow_cc.so.2, libtensorflow_framework.so.2 and the C headers from the wheel …");
  const headers = unpackTensorFlow(wheel, work);
  log(`unpacked ${headers} header files and the libraries in ${seconds(t1)}`);
  installRuntimeDependencies(work);
  const t2 = Date.now();
  const addon = buildAddon(work);
  log(`built ${path.relative(work, addon)} in ${seconds(t2)}`);

  const newStamp = { ...RECIPE, builtAt: new Date().toISOString(), node: process.version, napi: process.versions.napi, downloadBytes: downloaded };
  fs.writeFileSync(path.join(work, STAMP_NAME), JSON.stringify(newStamp, null, 2) + "\n");
  fs.rmSync(STAGE, { recursive: true, force: true });
  fs.renameSync(work, STAGE);
  // The wheel is 260 MiB and everything needed from it is now unpacked; the npm tarball is kept (small).
  fs.rmSync(wheel, { force: true });
  return { built: true, stamp: newStamp };
}

// ---------------------------------------------------------------------------------------------
// Installing into node_modules and proving it works

/** Copies a tree; the two large libraries are hard-linked when possible (no second 850 MB copy). */
function copyTree(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(source), target);
    else if (entry.isDirectory()) copyTree(source, target);
    else if (fs.statSync(source).size > 16 * 2 ** 20) {
      try {
        fs.linkSync(source, target);
      } catch {
        fs.copyFileSync(source, target);
      }
    } else fs.copyFileSync(source, target);
  }
}

const VERIFY_JS = `
const path = require("path");
const tf = require("@tensorflow/tfjs");
require(${JSON.stringify(PACKAGE_NAME)});
const pkgDir = path.dirname(require.resolve(${JSON.stringify(PACKAGE_NAME + "/package.json")}));
const ownTfjs = require.resolve("@tensorflow/tfjs", { paths: [pkgDir] });
if (ownTfjs !== require.resolve("@tensorflow/tfjs")) throw new Error("tfjs-node-native resolves a second @tensorflow/tfjs at " + ownTfjs);
if (!tf.findBackendFactory("tensorflow")) throw new Error("no 'tensorflow' backend was registered with the project's @tensorflow/tfjs");
tf.setBackend("tensorflow").then(async (ok) => {
  if (!ok || tf.getBackend() !== "tensorflow") throw new Error("tf.setBackend('tensorflow') failed");
  const a = tf.tensor2d([[1, 2], [3, 4]]);
  const product = Array.from(await a.matMul(a).data());
  if (product.join() !== "7,10,15,22") throw new Error("matMul gave " + product);
  const g = tf.grad((x) => x.square().sum())(tf.tensor1d([1, 2, 3]));
  if (Array.from(await g.data()).join() !== "2,4,6") throw new Error("gradient wrong");
  console.log(JSON.stringify({ backend: tf.getBackend(), tensorflow: tf.backend().binding.TF_Version, tfjs: tf.version.tfjs }));
});
`;

function verify() {
  const env = { ...process.env, TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? "2" };
  const result = spawnSync(process.execPath, ["-e", VERIFY_JS], { cwd: ROOT, encoding: "utf8", env });
  if (result.status !== 0) return { ok: false, detail: `${result.stdout}${result.stderr}`.trim() };
  return { ok: true, info: JSON.parse(result.stdout.trim().split("\n").pop()) };
}

function install() {
  const existing = readJson(path.join(TARGET, "package.json"));
  const ours = readJson(path.join(TARGET, STAMP_NAME));
  if (existing && !ours) {
    const check = verify();
    if (check.ok) {
      log(`node_modules/${PACKAGE_NAME} was installed by npm and already works (TensorFlow ${check.info.tensorflow}); leaving it alone.`);
      return false;
    }
    log(`replacing the broken node_modules/${PACKAGE_NAME} left by npm (its installer could not download libtensorflow) …`);
  }
  const temp = `${TARGET}.setup-${process.pid}`;
  fs.rmSync(temp, { recursive: true, force: true });
  copyTree(STAGE, temp);
  fs.rmSync(TARGET, { recursive: true, force: true });
  fs.renameSync(temp, TARGET);
  log(`installed node_modules/${PACKAGE_NAME}`);
  return true;
}

function remove() {
  if (fs.existsSync(path.join(TARGET, STAMP_NAME))) {
    fs.rmSync(TARGET, { recursive: true, force: true });
    log(`removed node_modules/${PACKAGE_NAME}`);
  } else if (fs.existsSync(TARGET)) {
    log(`node_modules/${PACKAGE_NAME} was not installed by this script; left alone.`);
  }
  fs.rmSync(BUILD, { recursive: true, force: true });
  log(`removed ${path.relative(ROOT, BUILD)}/; the wasm backend is the default again.`);
}

function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !["--force", "--remove"].includes(a));
  if (unknown.length > 0) throw new SetupError(`Unknown argument(s) ${unknown.join(" ")}. Usage: setup-tfjs-node.mjs [--force] [--remove]`);
  if (args.includes("--remove")) return remove();
  const force = args.includes("--force");
  checkPlatform();

  const installedStamp = readJson(path.join(TARGET, STAMP_NAME));
  if (!force && sameRecipe(installedStamp) && sameRecipe(readJson(path.join(STAGE, STAMP_NAME)))) {
    const check = verify();
    if (check.ok) {
      log(`already set up: the "tensorflow" backend loads (TensorFlow ${check.info.tensorflow}, tfjs ${check.info.tfjs}). Use --force to rebuild.`);
      return;
    }
    log("installed copy does not load any more; installing it again …");
  }
  const { built } = stage(force);
  if (!built) log(`reusing the build in ${path.relative(ROOT, STAGE)}/`);
  install();
  const check = verify();
  if (!check.ok) {
    throw new SetupError(
      `node_modules/${PACKAGE_NAME} is installed but does not load:\n${check.detail}\n` +
        "Run `node scripts/setup-tfjs-node.mjs --remove` to go back to the wasm backend, and report the message above.",
    );
  }
  log(`done in ${seconds(started)}: the "tensorflow" backend loads (TensorFlow ${check.info.tensorflow}, tfjs ${check.info.tfjs}).`);
  log("src/core/tf.ts now picks it by default; TFJS_BACKEND=wasm still selects wasm. `npm ci` removes it: run this again afterwards.");
}

/**
 * For scripts/setup.mjs after it reran `npm ci` (which deletes node_modules/tfjs-node-native): puts
 * back an earlier build from .tfjs-node-build/ (a few seconds, no download). Does nothing, and
 * returns false, when this script was never run here; never throws (the wasm backend is the fallback).
 */
export function restoreTfjsNode() {
  try {
    if (!sameRecipe(readJson(path.join(STAGE, STAMP_NAME))) || fs.existsSync(TARGET)) return false;
    install();
    const check = verify();
    if (!check.ok) {
      fs.rmSync(TARGET, { recursive: true, force: true });
      log(`the earlier build no longer loads; run \`npm run setup:tfjs-node -- --force\` to rebuild it.\n${check.detail}`);
      return false;
    }
    return true;
  } catch (error) {
    log(`could not put back the native backend (${error.message}); run \`npm run setup:tfjs-node\`.`);
    return false;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    if (error instanceof SetupError) {
      console.error(`[setup:tfjs-node] error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
