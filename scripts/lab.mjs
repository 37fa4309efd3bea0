// `npm run lab`: set up what is missing, then open the notebooks in JupyterLab on 127.0.0.1.
// Extra arguments go to JupyterLab: npm run lab -- --no-browser --port 8890
import * as path from "node:path";
import { ensureSetup, KERNEL_NAME, ROOT, runForeground, runMain, venvBin } from "./setup.mjs";

runMain(async () => {
  ensureSetup();
  const args = [
    "lab",
    `--ServerApp.root_dir=${path.join(ROOT, "notebooks")}`,
    "--ServerApp.ip=127.0.0.1",
    `--MappingKernelManager.default_kernel_name=${KERNEL_NAME}`,
    ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
    ...process.argv.slice(2),
  ];
  console.log(`[lab] jupyter ${args.join(" ")}`);
  await runForeground(venvBin("jupyter"), args, { cwd: ROOT, env: { ...process.env, JUPYTER_PLATFORM_DIRS: "1" } });
});
