// Does a replay play? A replay is a Plotly animation (display/replay.ts): its Play button starts the
// frames and the slider's current value ("step N") advances. Used on every animated chart of the
// notebooks (before and after the reopen without "Trust") and on a page written by
// `npm run evaluate -- --record`.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "../../scripts/setup.mjs";

/** null when clicking Play inside `root` (a locator around the drawn chart) advances the slider, else what is wrong. */
export async function checkReplayPlays(page, root, timeout = 10_000) {
  const play = root.locator("g.updatemenu-button", { hasText: "Play" }).first();
  if ((await play.count()) === 0) return "the animation has no Play button";
  const current = root.locator("g.slider-group > text.slider-label").first();
  const before = ((await current.textContent().catch(() => "")) ?? "").trim();
  if (!/^step \d+$/.test(before)) return `the slider does not show the step (it shows "${before}")`;
  await play.click();
  const handle = await current.elementHandle();
  const after = await page
    .waitForFunction(([label, start]) => (label.textContent !== start ? label.textContent : false), [handle, before], { timeout })
    .then((result) => result.jsonValue())
    .catch(() => null);
  await handle?.dispose();
  // stop it, so that the page is quiet for whatever comes next
  await root.locator("g.updatemenu-button", { hasText: "Pause" }).first().click().catch(() => undefined);
  return after ? null : `after a click on Play the slider still shows "${before}" ${timeout / 1000} s later`;
}

export const RECORDED_REPLAY = "recorded replay (npm run evaluate -- --record)";

/**
 * The command line's replays: trains a tiny CartPole and a tiny Pendulum policy (`npm run train`, a few
 * episodes), records an episode of each with `npm run evaluate -- --record`, opens the HTML page it wrote as a learner would (a
 * file in the browser, no server) and presses Play. Returns {name, failures, …} like checkNotebook.
 */
export async function checkRecordedReplay({ browser, workDir, log = console.log }) {
  const started = Date.now();
  const failures = [];
  const result = { name: RECORDED_REPLAY, failures, charts: 0, tables: 0, runSeconds: 0, seconds: 0 };
  const dir = path.join(workDir, "recorded-replay");
  fs.rmSync(dir, { recursive: true, force: true });
  const command = (script, args) => spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "src", "cli", `${script}.ts`), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, RUNS_DIR: path.join(dir, "runs") } });
  log(`[e2e] ${RECORDED_REPLAY}: training a small CartPole and a small Pendulum policy and recording an episode of each`);
  const runs = [
    { env: "cartpole", flags: ["--episodes", "4", "--hidden", "16"] },
    { env: "pendulum", flags: ["--episodes", "2", "--episodes-per-update", "2", "--minibatch-size", "100", "--epochs", "1", "--hidden", "16"] },
  ];
  for (const { env, flags } of runs) {
    const where = path.join(dir, env);
    const commandsStarted = Date.now();
    const train = command("train", ["--env", env, ...flags, "--out", path.join(where, "out"), "--checkpoint-dir", path.join(where, "ckpt"), "--model-dir", path.join(where, "model"), "--run-name", `e2e-replay-${env}`]);
    const record = train.status === 0 ? command("evaluate", ["--model", path.join(where, "model"), "--episodes", "1", "--record", path.join(where, "replay")]) : null;
    result.runSeconds += (Date.now() - commandsStarted) / 1000;
    const page = path.join(where, "replay.html");
    if (train.status !== 0) failures.push(`npm run train -- --env ${env} failed: ${(train.stderr || train.stdout).trim().split("\n").pop()}`);
    else if (record.status !== 0) failures.push(`npm run evaluate -- --record (${env}) failed: ${(record.stderr || record.stdout).trim().split("\n").pop()}`);
    else if (!fs.existsSync(page) || !fs.existsSync(path.join(where, "replay.gif"))) failures.push(`npm run evaluate -- --record (${env}) wrote no replay.html and replay.gif`);
    else {
      const context = await browser.newContext({ viewport: { width: 1100, height: 1000 } });
      try {
        const tab = await context.newPage();
        await tab.goto(pathToFileURL(page).href, { waitUntil: "load", timeout: 30_000 });
        await tab.waitForSelector("#chart .main-svg", { timeout: 30_000 });
        result.charts += 1;
        const problem = await checkReplayPlays(tab, tab.locator("#chart"));
        if (problem) failures.push(`the recorded ${env} page: ${problem}`);
      } catch (error) {
        failures.push(`the recorded ${env} page did not show its chart: ${error.message.split("\n")[0]}`);
      } finally {
        await context.close().catch(() => undefined);
      }
    }
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}
