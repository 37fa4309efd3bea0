// What the set-up scripts share (setup.mjs, setup-tfjs-node.mjs): the project root, the error that
// they print as one paragraph, running a command, reading a JSON file, and which npm to call.
// Plain JavaScript with Node's own modules only: it runs before any npm package is installed.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** A problem the user can fix: printed as one paragraph (no stack trace), exit status 2. */
export class SetupError extends Error {}

/** Runs a command (output shown, or captured with `capture: true`); a SetupError when it cannot start or fails. */
export function run(command, args, what, options = {}) {
  const { capture = false, ...spawnOptions } = options;
  const result = spawnSync(command, args, { cwd: ROOT, env: process.env, stdio: capture ? "pipe" : "inherit", encoding: "utf8", ...spawnOptions });
  if (result.error) throw new SetupError(`${what} could not start ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    const output = capture ? `\n${(result.stdout ?? "") + (result.stderr ?? "")}`.trimEnd() : "";
    throw new SetupError(`${what} failed (${command} ${args.join(" ")} exited with ${result.status ?? result.signal}).${output}`);
  }
  return result;
}

/** The parsed file, or null when it is missing or not JSON. */
export function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

/** npm: the one running us (npm run …) if any, so npm 10 and 11 both work; else the one on PATH. */
export function npmCommand() {
  const cli = process.env.npm_execpath;
  return cli && fs.existsSync(cli) && /npm-cli\.js$/.test(cli) ? [process.execPath, [cli]] : ["npm", []];
}
