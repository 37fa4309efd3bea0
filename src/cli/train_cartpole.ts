// npm run train -- --env cartpole [--episodes 1000] [--seed 0] [--out output/policy_gradient_metrics] [--resume <checkpoint>] …
import { runCartPole, runNameFor, DEFAULT_OUT_DIR, decodeState, CARTPOLE_TASK } from "../runs/cartpole_run";
import { loadCheckpoint } from "../runs/checkpoint";
import { LiveDisplay } from "../display/live";
import { METRIC_FILES } from "../runs/metrics";
import { fixedOnResume, usageLines } from "../core/config_schema";
import { REINFORCE_SCHEMA, SEED_CONFIG } from "../rl/reinforce";
import { BACKEND_NAMES, describeBackend, initBackend } from "../core/tf";
import { configFromFlags, integerFlag, parseCommand, schemaFlagSpec, tagsFlag, UsageError, type FlagSpec } from "./args";
import { EXIT } from "./main";
import { resumeCommand } from "../experiments/resume";
import { refuseConfigChanges, reportRun, RUN_FLAGS, runFolders, stopOnCtrlC } from "./run_output";

const SPEC: FlagSpec = {
  env: { type: "string" },
  task: { type: "string" },
  ...schemaFlagSpec(REINFORCE_SCHEMA),
  ...RUN_FLAGS,
};

export const CARTPOLE_USAGE = `Train a CartPole policy with REINFORCE and write the seed's output files.

  npm run train -- --env cartpole [options]

${usageLines(REINFORCE_SCHEMA).join("\n")}
  --out DIR                   where the metric files go (default ${DEFAULT_OUT_DIR})
  --resume PATH               continue from a checkpoint file, or the newest one in a folder
  --backend NAME              TensorFlow.js backend: ${BACKEND_NAMES.join(", ")} (default: the fastest available)
  --checkpoint-every K        checkpoint every K episodes (default 100)
  --tag TAGS                  comma-separated tags for the run's record in output/runs (find it with npm run runs -- --tag …)
  --run-name NAME             names checkpoints/<NAME>/ and models/<NAME>/ (default cartpole-seed<S>)
  --checkpoint-dir DIR        where the snapshots go (default checkpoints/<run>)
  --model-dir DIR             where the final weights go (default models/<run>)

Writes ${METRIC_FILES.csv}, ${METRIC_FILES.curves}, ${METRIC_FILES.summary} and ${METRIC_FILES.logHistory} to --out,
the final weights to models/<run>/ and resumable snapshots to checkpoints/<run>/.
Ctrl-C stops after the current update, with a final checkpoint.`;

function progressLine(episode: number, total: number, ret: number, mean: number, loss: number, steps: number, seconds: number): string {
  const rate = seconds > 0 ? `${(steps / seconds / 1000).toFixed(1)}k steps/s` : "";
  return `episode ${episode}/${total} · return ${ret} · mean of last 100 ${mean.toFixed(1)} · loss ${loss.toFixed(3)} · ${rate} · ${seconds.toFixed(1)} s`;
}

export async function trainCartPole(argv: string[]): Promise<number> {
  const values = parseCommand(argv, SPEC, "train", CARTPOLE_USAGE, BACKEND_NAMES);
  if (!values) return EXIT.ok;

  let config = configFromFlags(REINFORCE_SCHEMA, values, SEED_CONFIG);
  let resumeEpisode = 0;
  if (values.resume !== undefined) {
    const { payload } = loadCheckpoint(String(values.resume), CARTPOLE_TASK);
    const saved = decodeState(payload);
    refuseConfigChanges(values, fixedOnResume(REINFORCE_SCHEMA));
    resumeEpisode = saved.episode;
    config = { ...saved.config, episodes: values.episodes === undefined ? saved.config.episodes : config.episodes };
    if (config.episodes <= resumeEpisode) {
      throw new UsageError(`The checkpoint is already at episode ${resumeEpisode} of ${saved.config.episodes}; pass --episodes larger than ${resumeEpisode} to train further.`);
    }
  }

  const { runName, outDir, checkpointDir, modelDir } = runFolders(values, runNameFor(config), DEFAULT_OUT_DIR);
  const tags = tagsFlag(values);
  const checkpointEvery = integerFlag(values, "checkpoint-every", 100, 1, 1_000_000);

  const backend = await initBackend();
  console.log(describeBackend(backend));
  console.log(
    resumeEpisode > 0
      ? `Resuming ${runName} from episode ${resumeEpisode}, training to episode ${config.episodes}.`
      : `Training ${runName}: ${config.episodes} episodes, ${[4, ...config.hidden, 2].join("→")} policy, Adam lr ${config.learningRate}, γ ${config.gamma}, baseline ${config.baseline}, ${config.episodesPerUpdate} episode(s) per update.`,
  );

  const stopRequested = stopOnCtrlC();
  const live = new LiveDisplay(250);
  const result = await runCartPole({
    config,
    outDir,
    runName,
    checkpointDir,
    modelDir,
    checkpointEvery,
    tags,
    resume: values.resume !== undefined ? String(values.resume) : undefined,
    shouldStop: stopRequested,
    onProgress: async (records, trainer) => {
      const last = records[records.length - 1];
      await live.update(progressLine(last.episode, config.episodes, last.return, last.meanReturn100, last.loss, trainer.envSteps, trainer.wallSeconds()));
    },
  });
  const { trainer, summary } = result;
  const last = trainer.history[trainer.history.length - 1];
  if (last) await live.finish(progressLine(last.episode, config.episodes, last.return, last.meanReturn100, last.loss, trainer.envSteps, trainer.wallSeconds()));

  const solved = summary.solved_episode;
  console.log(
    `\n${result.status === "completed" ? "Done" : "Stopped"}: ${trainer.episode} episodes, ${trainer.envSteps} environment steps in ${trainer.wallSeconds().toFixed(1)} s ` +
      `(${summary.env_steps_per_second} steps/s). Mean return of the last 100 episodes: ${Number(summary.final_mean_return_100).toFixed(1)} ` +
      `(best ${Number(summary.best_mean_return_100).toFixed(1)}); ${solved ? `solved at episode ${solved}` : "not solved (mean of 100 ≥ 475)"}.`,
  );
  return reportRun(result, outDir, (checkpoint) => resumeCommand(CARTPOLE_TASK, checkpoint, config.episodes, values["run-name"] !== undefined ? runName : undefined));
}
