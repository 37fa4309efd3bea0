// Runs a TypeScript entry point of the course (`npm run train`, `npm run evaluate`, …) after making
// sure the npm packages are installed. Arguments after the file go to it unchanged.
import { spawn } from "node:child_process";
import * as path from "node:path";
import { ensureSetup, ROOT, runMain } from "./setup.mjs";

runMain(async () => {
  const [entry, ...args] = process.argv.slice(2);
  ensureSetup({ python: false, quiet: true });
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, entry), ...args], { cwd: process.cwd(), stdio: "inherit" });
  // Ctrl-C reaches the child directly (same terminal): it saves a checkpoint before exiting.
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => child.kill("SIGTERM"));
  const code = await new Promise((resolve) => child.on("exit", (status, signal) => resolve(status ?? (signal === "SIGINT" ? 130 : 1))));
  process.exit(code);
});
