// A throw-away JupyterLab server and a headless Chromium for the end-to-end test (scripts/e2e.mjs)
// and the README screenshots (scripts/screenshots.mjs).
//
// The server runs from the project venv on 127.0.0.1 (free port, random token) with the course
// kernel, in quick mode unless asked otherwise. It serves COPIES of notebooks/*.ipynb from a
// working folder (output/e2e/ by default), because JupyterLab saves outputs into the files it serves
// and the committed notebooks stay without outputs. Everything the server would otherwise write to or
// read from the learner's home (settings, workspaces, the notebook-signature database, runtime files)
// lives in that folder too, so `npm run lab` is not affected and the learner's own settings cannot
// change what the test sees. The learner's JupyterLab defaults from .venv (no news popup) still apply.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { KERNEL_NAME, ROOT, venvBin, venvPython } from "../../scripts/setup.mjs";

// E2E_NOTEBOOKS_DIR points the test at other notebooks, e.g. deliberately broken copies, to see that
// it fails when it should. The course's notebooks are in notebooks/.
export const NOTEBOOKS_DIR = path.resolve(ROOT, process.env.E2E_NOTEBOOKS_DIR || "notebooks");

/** notebooks/*.ipynb, sorted; `filters` (substrings of the file name) keep only matching ones. */
export function listNotebooks(filters = []) {
  return fs
    .readdirSync(NOTEBOOKS_DIR)
    .filter((name) => name.endsWith(".ipynb"))
    .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
    .sort();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function fetchWithTimeout(url, options = {}, ms = 5000) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await fetch(url, { ...options, signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Kernels run in sessions of their own (jupyter_client starts them with start_new_session), so
 * killing the server's process group does not reach them. Each kernel's command line names its
 * connection file, which lies in this server's private runtime folder: that finds exactly the
 * kernels this server started.
 */
function kernelPids(runtimeDir) {
  if (process.platform !== "linux") return [];
  const pids = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmdline.includes(runtimeDir + path.sep)) pids.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

function killPids(pids, signal) {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Starts JupyterLab on copies of `notebooks` (file names in notebooks/) in `workDir`, which is
 * emptied first. Returns once the server answers.
 */
export async function startLab({ notebooks, workDir = path.join(ROOT, "output", "e2e"), quick = true, log = console.log, startTimeoutMs = 120_000 }) {
  fs.rmSync(workDir, { recursive: true, force: true });
  const rootDir = path.join(workDir, "notebooks");
  const stateDir = path.join(workDir, "jupyter");
  const dirs = {
    config: path.join(stateDir, "config"),
    data: path.join(stateDir, "data"),
    runtime: path.join(stateDir, "runtime"),
    settings: path.join(stateDir, "lab-settings"),
    workspaces: path.join(stateDir, "lab-workspaces"),
  };
  for (const dir of [rootDir, ...Object.values(dirs)]) fs.mkdirSync(dir, { recursive: true });
  for (const name of notebooks) fs.copyFileSync(path.join(NOTEBOOKS_DIR, name), path.join(rootDir, name));

  const port = await freePort();
  const token = randomBytes(24).toString("hex");
  const signatureDb = path.join(dirs.data, "nbsignatures.db");
  const logFile = path.join(workDir, "jupyterlab.log");
  const env = {
    ...process.env,
    JUPYTER_PLATFORM_DIRS: "1",
    JUPYTER_CONFIG_DIR: dirs.config,
    JUPYTER_DATA_DIR: dirs.data,
    JUPYTER_RUNTIME_DIR: dirs.runtime,
    JUPYTERLAB_SETTINGS_DIR: dirs.settings,
    JUPYTERLAB_WORKSPACES_DIR: dirs.workspaces,
    // the notebooks' training runs are recorded here, apart from the learner's output/runs
    RUNS_DIR: process.env.RUNS_DIR || path.join(workDir, "runs"),
    EXERCISES_DIR: process.env.EXERCISES_DIR || path.join(workDir, "exercises"),
  };
  if (quick) env.QUICK = "1";
  else delete env.QUICK;
  const args = [
    "lab",
    "--no-browser",
    "--ServerApp.ip=127.0.0.1",
    `--ServerApp.port=${port}`,
    "--ServerApp.port_retries=0",
    `--IdentityProvider.token=${token}`,
    `--ServerApp.root_dir=${rootDir}`,
    `--MappingKernelManager.default_kernel_name=${KERNEL_NAME}`,
    `--NotebookNotary.db_file=${signatureDb}`,
    ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
  ];
  const out = fs.openSync(logFile, "w");
  const child = spawn(venvBin("jupyter"), args, { cwd: ROOT, env, detached: true, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  let exited = null;
  child.on("exit", (code, signal) => (exited = { code, signal }));
  child.on("error", (error) => (exited = { error }));
  const base = `http://127.0.0.1:${port}`;
  const headers = { Authorization: `token ${token}` };
  const logTail = () => fs.readFileSync(logFile, "utf8").split("\n").slice(-25).join("\n");

  let stopped = false;
  /** Synchronous last resort (process 'exit' handler): kill the server's group and its kernels. */
  const killNow = () => {
    if (child.pid && isAlive(child.pid)) killPids([-child.pid], "SIGKILL");
    killPids(kernelPids(dirs.runtime), "SIGKILL");
  };

  const lab = {
    base,
    port,
    token,
    rootDir,
    workDir,
    logFile,
    signatureDb,
    pid: child.pid,
    url: (notebook) => `${base}/lab/tree/${encodeURIComponent(notebook)}?reset&token=${token}`,
    async api(method, route, body) {
      const response = await fetchWithTimeout(`${base}${route}`, {
        method,
        headers: { ...headers, ...(body ? { "Content-Type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status}`);
      return response.status === 204 ? null : response.json();
    },
    /** The server's session for `notebook` (path relative to its root), or undefined. */
    async session(notebook) {
      const sessions = await lab.api("GET", "/api/sessions");
      return sessions.find((s) => s.path === notebook);
    },
    /** Shuts down the kernel of `notebook` (each notebook gets a fresh kernel; two cores are few). */
    async closeSession(notebook) {
      const session = await lab.session(notebook).catch(() => undefined);
      if (session) await lab.api("DELETE", `/api/sessions/${session.id}`).catch(() => undefined);
    },
    /**
     * Forgets every notebook signature this server stored. JupyterLab signs a notebook it saves with
     * outputs the learner produced, so a notebook reopened in the same JupyterLab is trusted; on
     * another machine, after a fresh clone, or once the signature database was reset, it is not.
     * Clearing the (private) database makes the reopened notebook untrusted, which is the case the
     * reopen check is about.
     */
    forgetSignatures() {
      const script =
        "import sqlite3, sys\n" +
        "db = sqlite3.connect(sys.argv[1])\n" +
        "if db.execute(\"SELECT name FROM sqlite_master WHERE name = 'nbsignatures'\").fetchone():\n" +
        "    db.execute('DELETE FROM nbsignatures')\n" +
        "    db.commit()\n" +
        "print(db.total_changes)\n";
      const result = spawnSync(venvPython(), ["-c", script, signatureDb], { encoding: "utf8" });
      if (result.status !== 0) throw new Error(`could not clear the notebook signatures: ${result.stderr || result.error}`);
      return Number(result.stdout.trim());
    },
    /** Stops the server and every kernel it started; safe to call more than once. */
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.pid && isAlive(child.pid) && !exited) {
        // The clean way first: the server shuts its kernels down and exits.
        await fetchWithTimeout(`${base}/api/shutdown`, { method: "POST", headers }, 5000).catch(() => undefined);
        for (let i = 0; i < 50 && !exited; i++) await sleep(200);
        if (!exited) {
          killPids([-child.pid], "SIGTERM");
          for (let i = 0; i < 25 && !exited; i++) await sleep(200);
        }
        if (!exited) killPids([-child.pid], "SIGKILL");
      }
      const leftovers = kernelPids(dirs.runtime);
      if (leftovers.length > 0) {
        log(`[e2e] killing ${leftovers.length} kernel process(es) the server left behind: ${leftovers.join(", ")}`);
        killPids(leftovers, "SIGKILL");
      }
    },
    killNow,
  };

  log(`[e2e] starting JupyterLab on ${base} (${quick ? "QUICK=1" : "full lesson sizes"}), serving copies in ${path.relative(ROOT, rootDir)}/, log in ${path.relative(ROOT, logFile)}`);
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exited) {
      await lab.stop();
      throw new Error(`JupyterLab exited before it was ready (${JSON.stringify(exited)}). The end of its log:\n${logTail()}`);
    }
    try {
      const response = await fetchWithTimeout(`${base}/api/status`, { headers }, 2000);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await lab.stop();
      throw new Error(`JupyterLab did not answer within ${startTimeoutMs / 1000} s. The end of its log:\n${logTail()}`);
    }
    await sleep(250);
  }
  const specs = await lab.api("GET", "/api/kernelspecs");
  if (!specs.kernelspecs?.[KERNEL_NAME]) {
    await lab.stop();
    throw new Error(`the course kernel "${KERNEL_NAME}" is not registered (found: ${Object.keys(specs.kernelspecs ?? {}).join(", ")}); run \`npm run setup\`.`);
  }
  return lab;
}

/** Headless Chromium from the system (never downloaded), with the flags of src/display/render.ts. */
export async function launchBrowser() {
  const { tsImport } = await import("tsx/esm/api");
  const render = await tsImport(path.join(ROOT, "src", "display", "render.ts"), import.meta.url);
  const executablePath = render.findChromium();
  if (!executablePath) {
    const error = new Error(
      "The end-to-end test drives a real browser and found no Chromium. Install it with `sudo apt-get install chromium` " +
        "(Debian/Ubuntu), or point CHROMIUM_PATH at a Chrome/Chromium binary. It never downloads a browser itself.",
    );
    error.code = "NO_CHROMIUM";
    throw error;
  }
  const { chromium } = await import("playwright-core");
  // Signals are ours to handle: the server must be stopped too, not only the browser.
  return chromium.launch({ executablePath, args: render.CHROMIUM_ARGS, headless: true, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false, timeout: 60_000 });
}
