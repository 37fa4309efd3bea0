// Runs a TypeScript entry point of the course (`npm run train`, `npm run evaluate`, …) after making
// sure the npm packages are installed. Arguments after the file go to it unchanged. Ctrl-C reaches
// the command directly: it saves a checkpoint before exiting.
import * as path from "node:path";
import { ensureSetup, ROOT, runForeground, runMain } from "./setup.mjs";

runMain(async () => {
  const [entry, ...args] = process.argv.slice(2);
  ensureSetup({ python: false, quiet: true });
  await runForeground(process.execPath, ["--import", "tsx", path.join(ROOT, entry), ...args], { cwd: process.cwd() });
});
