// npm run train -- --env cartpole|pendulum [--algo reinforce|a2c|ppo] [--episodes N] [--seed 0] [--resume <checkpoint>] …
import { judgementOf, runEpisodic, runNameFor, DEFAULT_OUT_DIR, readEpisodicCheckpoint, type EpisodicCheckpoint, type EpisodicRunResult } from "../runs/episodic_run";
import { LiveDisplay } from "../display/live";
import { METRIC_FILES } from "../runs/metrics";
import { fixedOnResume, flagFields, usageLines, type ConfigSchema } from "../core/config_schema";
import { ALGORITHM_NAMES, ALGORITHMS, algorithmNamed } from "../rl/algorithms";
import { ENVIRONMENT_NAMES, ENVIRONMENTS, type TrainingEnvironment } from "../rl/environments";
import { checkPolicySettings, policySizes } from "../rl/policies";
import type { EpisodicAlgorithm, EpisodicConfig } from "../rl/trainer";
import { BACKEND_NAMES, describeBackend, initBackend } from "../core/tf";
import { configFromFlags, parseCommand, rawFlagValues, schemaFlagSpec, UsageError, type FlagSpec } from "./args";
import { EXIT } from "./main";
import { resumeCommand } from "../experiments/resume";
import { refuseConfigChanges, reportRun, RUN_FLAGS, runFlagValues, stopOnCtrlC } from "./run_output";

const specFor = (schema: ConfigSchema<EpisodicConfig>): FlagSpec => ({
  env: { type: "string" },
  task: { type: "string" },
  algo: { type: "string" },
  ...schemaFlagSpec(schema),
  ...RUN_FLAGS,
});

/** Each algorithm's settings, with this environment's values as the defaults. */
function settingsHelp(environment: TrainingEnvironment): string {
  return ALGORITHM_NAMES.map((name) => {
    const schema: ConfigSchema<any> = { ...ALGORITHMS[name].schema, defaults: environment.configs[name] };
    const isDefault = name === environment.defaultAlgorithm ? " (the default)" : "";
    return `--algo ${name}${isDefault} · ${ALGORITHMS[name].label}:\n${usageLines(schema).join("\n")}`;
  }).join("\n\n");
}

const ENVIRONMENT_LINES = Object.values(ENVIRONMENTS)
  .map((e) => `  --env ${e.name.padEnd(10)} ${e.env.spec.id}: ${e.env.spec.actionSpace.kind === "discrete" ? "discrete actions, a categorical policy" : "continuous actions, a Gaussian policy"}; default --algo ${e.defaultAlgorithm}`)
  .join("\n");

export function episodicUsage(environment: TrainingEnvironment): string {
  return `Train a policy with REINFORCE, A2C or PPO on CartPole or Pendulum and write the source lesson's output files.

  npm run train -- --env ${ENVIRONMENT_NAMES.join("|")} [--algo ${ALGORITHM_NAMES.join("|")}] [options]

${ENVIRONMENT_LINES}

The settings below show --env ${environment.name}'s defaults (npm run train -- --env NAME --help shows another's).

${settingsHelp(environment)}

Every algorithm:
  --out DIR                   where the metric files go (default ${DEFAULT_OUT_DIR})
  --resume PATH               continue from a checkpoint file, or the newest one in a folder (its algorithm and settings are kept)
  --backend NAME              TensorFlow.js backend: ${BACKEND_NAMES.join(", ")} (default: the fastest available)
  --checkpoint-every K        checkpoint every K episodes (default 100)
  --tag TAGS                  comma-separated tags for the run's record in output/runs (find it with npm run runs -- --tag …)
  --run-name NAME             names checkpoints/<NAME>/ and models/<NAME>/ (default <env>-seed<S>, <env>-<algo>-seed<S> for an algorithm not the default)
  --checkpoint-dir DIR        where the snapshots go (default checkpoints/<run>)
  --model-dir DIR             where the final weights go (default models/<run>)

Writes ${METRIC_FILES.csv}, ${METRIC_FILES.curves}, ${METRIC_FILES.summary} and ${METRIC_FILES.logHistory} to --out,
the final weights to models/<run>/ and resumable snapshots to checkpoints/<run>/.${environment.passMark ? `
After training, the deterministic policy plays ${environment.passMark.episodes} episodes; summary.json says whether their mean return reaches ${environment.passMark.mean} (${environment.passMark.source}).` : ""}
Ctrl-C stops after the current update, with a final checkpoint.`;
}

/**
 * The algorithm: --algo, or the resumed checkpoint's (they must agree), or the environment's default;
 * and the checkpoint when resuming (read once, here, before the flags are parsed; runEpisodic is given it as read).
 */
function chooseAlgorithm(environment: TrainingEnvironment, argv: string[]): { algorithm: EpisodicAlgorithm<EpisodicConfig>; checkpoint: EpisodicCheckpoint | undefined } {
  const given = rawFlagValues(argv, "algo")[0]?.trim().toLowerCase();
  if (given !== undefined && !ALGORITHM_NAMES.includes(given)) throw new UsageError(`--algo must be one of ${ALGORITHM_NAMES.join(", ")}, got "${given}".`);
  const resume = rawFlagValues(argv, "resume")[0];
  const checkpoint = resume !== undefined && !argv.includes("--help") ? readEpisodicCheckpoint(resume, environment.name) : undefined;
  const saved = checkpoint?.saved;
  if (given !== undefined && saved !== undefined && given !== saved.algorithm) {
    throw new UsageError(`--algo ${given} does not match the checkpoint, whose algorithm is ${saved.algorithm}; leave out --algo to resume it.`);
  }
  return { algorithm: algorithmNamed(given ?? saved?.algorithm ?? environment.defaultAlgorithm), checkpoint };
}
/** An unknown flag that is another algorithm's setting: say whose. */
function otherAlgorithmsFlag(error: unknown, algorithm: string): UsageError | null {
  const unknown = /Unknown option '--([\w-]+)'/.exec((error as Error).message)?.[1];
  const owners = ALGORITHM_NAMES.filter((name) => flagFields(ALGORITHMS[name].schema).some((field) => field.flag === unknown));
  if (!unknown || owners.length === 0) return null;
  return new UsageError(`--${unknown} is a setting of ${owners.join(" and ")}, not ${algorithm}; choose the algorithm with --algo ${owners[0]}. Run \`npm run train -- --help\` to see each algorithm's settings.`);
}

/** "baseline standardise, gamma 0.99, lr 0.001, …": the settings a run uses, by their flags. */
function settingsLine(schema: ConfigSchema<EpisodicConfig>, config: EpisodicConfig): string {
  const values = config as unknown as Record<string, unknown>;
  return flagFields(schema)
    .filter((field) => field.key !== "episodes" && field.key !== "hidden" && values[field.key] !== undefined)
    .map((field) => `${field.flag} ${values[field.key]}`)
    .join(", ");
}

function progressLine(episode: number, total: number, ret: number, mean: number, loss: number, steps: number, seconds: number): string {
  const rate = seconds > 0 ? `${(steps / seconds / 1000).toFixed(1)}k steps/s` : "";
  return `episode ${episode}/${total} · return ${Number.isInteger(ret) ? ret : ret.toFixed(1)} · mean of last 100 ${mean.toFixed(1)} · loss ${loss.toFixed(3)} · ${rate} · ${seconds.toFixed(1)} s`;
}

export async function trainEpisodic(environment: TrainingEnvironment, argv: string[]): Promise<number> {
  const { algorithm, checkpoint: resumed } = chooseAlgorithm(environment, argv);
  const usage = episodicUsage(environment);
  const parse = () => {
    try {
      return parseCommand(argv, specFor(algorithm.schema), "train", usage, BACKEND_NAMES);
    } catch (error) {
      throw otherAlgorithmsFlag(error, algorithm.algorithmName) ?? error;
    }
  };
  const values = parse();
  if (!values) return EXIT.ok;

  let config = configFromFlags(algorithm.schema, values, environment.configs[algorithm.algorithmName]);
  checkPolicySettings(config, environment.env.spec); // before anything is written
  let resumeEpisode = 0;
  if (resumed) {
    const saved = resumed.saved.state;
    refuseConfigChanges(values, fixedOnResume(algorithm.schema));
    resumeEpisode = saved.episode;
    config = { ...saved.config, episodes: values.episodes === undefined ? saved.config.episodes : config.episodes };
    if (config.episodes <= resumeEpisode) {
      throw new UsageError(`The checkpoint is already at episode ${resumeEpisode} of ${saved.config.episodes}; pass --episodes larger than ${resumeEpisode} to train further.`);
    }
  }

  const run = runFlagValues(values, { runName: runNameFor(config, algorithm.algorithmName, environment.name), outDir: DEFAULT_OUT_DIR, checkpointEvery: 100 });
  const { runName, outDir } = run;

  const backend = await initBackend();
  console.log(describeBackend(backend));
  console.log(
    resumeEpisode > 0
      ? `Resuming ${runName} from episode ${resumeEpisode}, training to episode ${config.episodes}.`
      : `Training ${runName} with ${algorithm.algorithmName}: ${config.episodes} episodes, ${policySizes(config, environment.env.spec).join("→")} policy on ${environment.env.spec.id}; ${settingsLine(algorithm.schema, config)}.`,
  );

  const live = new LiveDisplay(250);
  const result = await runEpisodic({
    env: environment.name,
    algorithm: algorithm.algorithmName,
    config,
    ...run,
    resume: resumed, // read once, above
    shouldStop: stopOnCtrlC(),
    onProgress: async (records, trainer) => {
      const last = records[records.length - 1];
      await live.update(progressLine(last.episode, config.episodes, last.return, last.meanReturn100, last.loss, trainer.envSteps, trainer.wallSeconds));
    },
  });
  const { trainer, summary } = result;
  const last = trainer.history[trainer.history.length - 1];
  if (last) await live.finish(progressLine(last.episode, config.episodes, last.return, last.meanReturn100, last.loss, trainer.envSteps, trainer.wallSeconds));

  console.log(
    `\n${result.status === "completed" ? "Done" : "Stopped"}: ${trainer.episode} episodes, ${trainer.envSteps} environment steps in ${trainer.wallSeconds.toFixed(1)} s ` +
      `(${summary.env_steps_per_second} steps/s). Mean return of the last 100 episodes: ${Number(summary.final_mean_return_100).toFixed(1)} ` +
      `(best ${Number(summary.best_mean_return_100).toFixed(1)}); ${verdict(environment, result)}.`,
  );
  return reportRun(result, outDir, (checkpoint) => resumeCommand(environment.name, checkpoint, config.episodes, values["run-name"] !== undefined ? runName : undefined));
}

/** How the run did by its environment's measure: the reward threshold (CartPole), or the pass mark of a greedy evaluation (Pendulum). */
function verdict(environment: TrainingEnvironment, result: EpisodicRunResult): string {
  const mark = environment.passMark;
  if (mark) {
    const judged = judgementOf(result);
    if (!judged) return "not evaluated (the run did not finish cleanly)";
    const { mean_return, std_return } = judged.evaluation;
    return `the deterministic policy's mean return over ${mark.episodes} episodes is ${mean_return.toFixed(1)} ± ${std_return.toFixed(1)}: ${judged.passed ? "passes" : "below"} the pass mark ${mark.mean}`;
  }
  const threshold = environment.env.spec.rewardThreshold;
  const solved = result.summary.solved_episode;
  return solved ? `solved at episode ${solved}` : `not solved (mean of 100 ≥ ${threshold})`;
}
