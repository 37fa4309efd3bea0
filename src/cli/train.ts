// npm run train -- [--env cartpole] [--episodes 1000] [--seed 0] [--out output/policy_gradient_metrics] [--resume <checkpoint>] …
import * as path from "path";
import { runCartPole, runNameFor, DEFAULT_OUT_DIR, decodeState, CARTPOLE_TASK } from "../cartpole_run";
import { loadCheckpoint } from "../checkpoint";
import { LiveDisplay } from "../display/live";
import { METRIC_FILES } from "../metrics";
import { fromRoot } from "../paths";
import { BASELINES, SEED_CONFIG, type Baseline, type ReinforceConfig } from "../reinforce";
import { BACKEND_NAMES, describeBackend, initBackend } from "../tf";
import { choiceFlag, ensureWritableDir, integerFlag, numberFlag, parseFlags, sizesFlag, UsageError, type FlagSpec } from "./args";
import { EXIT, runCommand } from "./main";

const TASKS = ["cartpole"] as const;

const SPEC: FlagSpec = {
  env: { type: "string" },
  task: { type: "string" },
  episodes: { type: "string" },
  seed: { type: "string" },
  out: { type: "string" },
  resume: { type: "string" },
  "episodes-per-update": { type: "string" },
  baseline: { type: "string" },
  gamma: { type: "string" },
  lr: { type: "string" },
  hidden: { type: "string" },
  backend: { type: "string" },
  "checkpoint-every": { type: "string" },
  "run-name": { type: "string" },
  "checkpoint-dir": { type: "string" },
  "model-dir": { type: "string" },
  help: { type: "boolean", short: "h" },
};

/** Flags that define the training configuration: fixed by the checkpoint when resuming. */
const CONFIG_FLAGS = ["seed", "episodes-per-update", "baseline", "gamma", "lr", "hidden"];

const USAGE = `Train a policy with REINFORCE and write the seed's output files.

  npm run train -- [options]

  --env, --task NAME          what to train on: ${TASKS.join(", ")} (default cartpole)
  --episodes N                total episodes (default ${SEED_CONFIG.episodes}; with --resume, the new total)
  --seed S                    random seed for weights, environment and sampling (default ${SEED_CONFIG.seed})
  --out DIR                   where the metric files go (default ${DEFAULT_OUT_DIR})
  --resume PATH               continue from a checkpoint file, or the newest one in a folder
  --episodes-per-update K     episodes played before each update (default ${SEED_CONFIG.episodesPerUpdate})
  --baseline ${BASELINES.join("|")}   standardised returns (the seed) or raw returns (default ${SEED_CONFIG.baseline})
  --gamma G                   discount factor in [0, 1] (default ${SEED_CONFIG.gamma})
  --lr LR                     Adam learning rate (default ${SEED_CONFIG.learningRate})
  --hidden SIZES              hidden layer sizes, comma-separated (default ${SEED_CONFIG.hidden.join(",")})
  --backend NAME              TensorFlow.js backend: ${BACKEND_NAMES.join(", ")} (default: the fastest available)
  --checkpoint-every K        checkpoint every K episodes (default 100)
  --run-name NAME             names checkpoints/<NAME>/ and models/<NAME>/ (default cartpole-seed<S>)
  --checkpoint-dir DIR        where the snapshots go (default checkpoints/<run>)
  --model-dir DIR             where the final weights go (default models/<run>)

Writes ${METRIC_FILES.csv}, ${METRIC_FILES.curves}, ${METRIC_FILES.summary} and ${METRIC_FILES.logHistory} to --out,
the final weights to models/<run>/ and resumable snapshots to checkpoints/<run>/.
Ctrl-C stops after the current update, with a final checkpoint.`;

function configFromFlags(values: Record<string, string | boolean | undefined>): ReinforceConfig {
  return {
    episodes: integerFlag(values, "episodes", SEED_CONFIG.episodes, 1, 1_000_000),
    episodesPerUpdate: integerFlag(values, "episodes-per-update", SEED_CONFIG.episodesPerUpdate, 1, 1000),
    baseline: choiceFlag<Baseline>(values, "baseline", SEED_CONFIG.baseline, BASELINES),
    gamma: numberFlag(values, "gamma", SEED_CONFIG.gamma, 0, 1),
    learningRate: numberFlag(values, "lr", SEED_CONFIG.learningRate, 0, 1, { exclusiveMin: true }),
    hidden: sizesFlag(values, "hidden", SEED_CONFIG.hidden),
    seed: integerFlag(values, "seed", SEED_CONFIG.seed, 0, 2 ** 31 - 1),
  };
}

function progressLine(episode: number, total: number, ret: number, mean: number, loss: number, steps: number, seconds: number): string {
  const rate = seconds > 0 ? `${(steps / seconds / 1000).toFixed(1)}k steps/s` : "";
  return `episode ${episode}/${total} · return ${ret} · mean of last 100 ${mean.toFixed(1)} · loss ${loss.toFixed(3)} · ${rate} · ${seconds.toFixed(1)} s`;
}

async function main(): Promise<number> {
  const values = parseFlags(process.argv.slice(2), SPEC, "train");
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  if (values.env !== undefined && values.task !== undefined && values.env !== values.task) {
    throw new UsageError(`--env ${values.env} and --task ${values.task} disagree; give one of them.`);
  }
  choiceFlag(values, values.task !== undefined ? "task" : "env", "cartpole", TASKS);
  if (values.backend !== undefined) process.env.TFJS_BACKEND = choiceFlag(values, "backend", "wasm", BACKEND_NAMES);

  let config = configFromFlags(values);
  let resumeEpisode = 0;
  if (values.resume !== undefined) {
    const { payload } = loadCheckpoint(String(values.resume), CARTPOLE_TASK);
    const saved = decodeState(payload);
    const fixed = CONFIG_FLAGS.filter((flag) => values[flag] !== undefined);
    if (fixed.length > 0) {
      throw new UsageError(`${fixed.map((f) => `--${f}`).join(", ")} cannot change when resuming: the checkpoint's configuration is used so the run continues exactly. Start a new run to change it.`);
    }
    resumeEpisode = saved.episode;
    config = { ...saved.config, episodes: values.episodes === undefined ? saved.config.episodes : config.episodes };
    if (config.episodes <= resumeEpisode) {
      throw new UsageError(`The checkpoint is already at episode ${resumeEpisode} of ${saved.config.episodes}; pass --episodes larger than ${resumeEpisode} to train further.`);
    }
  }

  const runName = values["run-name"] !== undefined ? String(values["run-name"]) : runNameFor(config);
  if (!/^[\w.-]+$/.test(runName)) throw new UsageError(`--run-name may hold letters, digits, ".", "-" and "_" only, got "${runName}".`);
  const outDir = ensureWritableDir(values.out !== undefined ? String(values.out) : fromRoot(DEFAULT_OUT_DIR), "--out");
  const checkpointDir = ensureWritableDir(values["checkpoint-dir"] !== undefined ? String(values["checkpoint-dir"]) : fromRoot("checkpoints", runName), "--checkpoint-dir");
  const modelDir = ensureWritableDir(values["model-dir"] !== undefined ? String(values["model-dir"]) : fromRoot("models", runName), "--model-dir");
  const checkpointEvery = integerFlag(values, "checkpoint-every", 100, 1, 1_000_000);

  const backend = await initBackend();
  console.log(describeBackend(backend));
  console.log(
    resumeEpisode > 0
      ? `Resuming ${runName} from episode ${resumeEpisode}, training to episode ${config.episodes}.`
      : `Training ${runName}: ${config.episodes} episodes, ${[4, ...config.hidden, 2].join("→")} policy, Adam lr ${config.learningRate}, γ ${config.gamma}, baseline ${config.baseline}, ${config.episodesPerUpdate} episode(s) per update.`,
  );

  let stopRequested = false;
  process.on("SIGINT", () => {
    if (stopRequested) process.exit(EXIT.interrupted);
    stopRequested = true;
    process.stderr.write("\nStopping after this update and saving a checkpoint (Ctrl-C again to quit at once) …\n");
  });

  const live = new LiveDisplay(250);
  const result = await runCartPole({
    config,
    outDir,
    runName,
    checkpointDir,
    modelDir,
    checkpointEvery,
    resume: values.resume !== undefined ? String(values.resume) : undefined,
    shouldStop: () => stopRequested,
    onProgress: async (records, trainer) => {
      const last = records[records.length - 1];
      await live.update(progressLine(last.episode, config.episodes, last.return, last.meanReturn100, last.loss, trainer.envSteps, trainer.wallSeconds()));
    },
  });
  const { trainer, summary, files } = result;
  const last = trainer.history[trainer.history.length - 1];
  if (last) await live.finish(progressLine(last.episode, config.episodes, last.return, last.meanReturn100, last.loss, trainer.envSteps, trainer.wallSeconds()));

  const solved = summary.solved_episode;
  console.log(
    `\n${result.status === "completed" ? "Done" : "Stopped"}: ${trainer.episode} episodes, ${trainer.envSteps} environment steps in ${trainer.wallSeconds().toFixed(1)} s ` +
      `(${summary.env_steps_per_second} steps/s). Mean return of the last 100 episodes: ${Number(summary.final_mean_return_100).toFixed(1)} ` +
      `(best ${Number(summary.best_mean_return_100).toFixed(1)}); ${solved ? `solved at episode ${solved}` : "not solved (mean of 100 ≥ 475)"}.`,
  );
  if (result.notice) console.log(result.notice);
  console.log(`Metrics: ${path.relative(process.cwd(), outDir) || "."}/ (${[files.csv, files.curves, files.summary, files.logHistory].filter(Boolean).map((f) => path.basename(f!)).join(", ")})`);
  if (files.model) console.log(`Model:   ${path.relative(process.cwd(), files.model)}`);
  if (files.checkpoint) console.log(`Checkpoint: ${path.relative(process.cwd(), files.checkpoint)}`);

  if (result.status === "diverged") {
    console.error(
      `\nerror: ${result.error?.message}. Training stopped. The metrics so far are written; the newest checkpoint ` +
        `(${files.checkpoint ? path.relative(process.cwd(), files.checkpoint) : "none yet"}) is from before the problem. ` +
        "Try a smaller --lr, or --baseline standardise.",
    );
    return EXIT.diverged;
  }
  if (result.status === "interrupted") {
    console.log(`Resume with: npm run train -- --resume ${path.relative(process.cwd(), files.checkpoint!)} --episodes ${config.episodes}`);
    return EXIT.interrupted;
  }
  return EXIT.ok;
}

runCommand(main);
