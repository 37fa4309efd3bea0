// npm run train -- --task lm --reward-model <name|path> [--updates N] [--seed S] …
import { loadCheckpoint } from "../runs/checkpoint";
import { LiveDisplay } from "../display/live";
import { LM_BASELINES, type LmBaseline } from "../lm/advantages";
import { decodeLmState, LM_TASK, runLm, runNameForLm, SAMPLES_FILE } from "../runs/lm_run";
import { loadRewardModel } from "../lm/reward_model";
import { resolveRewardModel, rewardModelChoices } from "../lm/rewards";
import { LM_RL_CONFIG, type LmRlConfig } from "../lm/rl";
import { DEFAULT_SFT_DIR } from "../lm/sft";
import { METRIC_FILES } from "../runs/metrics";
import { fromRoot } from "../core/paths";
import { BACKEND_NAMES, describeBackend, initBackend } from "../core/tf";
import { parseCommand, choiceFlag, integerFlag, numberFlag, tagsFlag, UsageError, type FlagSpec } from "./args";
import { EXIT } from "./main";
import { resumeCommand } from "../experiments/resume";
import { refuseConfigChanges, reportRun, runFolders, stopOnCtrlC } from "./run_output";

const SPEC: FlagSpec = {
  task: { type: "string" },
  env: { type: "string" },
  "reward-model": { type: "string" },
  updates: { type: "string" },
  seed: { type: "string" },
  "prompts-per-update": { type: "string" },
  "group-size": { type: "string" },
  baseline: { type: "string" },
  "kl-beta": { type: "string" },
  lr: { type: "string" },
  temperature: { type: "string" },
  "eval-every": { type: "string" },
  "sft-model": { type: "string" },
  out: { type: "string" },
  resume: { type: "string" },
  backend: { type: "string" },
  "checkpoint-every": { type: "string" },
  "run-name": { type: "string" },
  tag: { type: "string" },
  "checkpoint-dir": { type: "string" },
  "model-dir": { type: "string" },
  help: { type: "boolean", short: "h" },
};

const CONFIG_FLAGS = ["seed", "prompts-per-update", "group-size", "baseline", "kl-beta", "lr", "temperature", "eval-every", "sft-model"];

export const LM_USAGE = `Fine-tune the small language model with REINFORCE against a reward model.

  npm run train -- --task lm --reward-model NAME_OR_PATH [options]

  --reward-model X            a built-in reward (exact-match, digit-match) or the folder of a learned
                              reward model (e.g. models/lm-reward-model, from \`npm run train:reward-model\`)
  --updates N                 updates in total (default ${LM_RL_CONFIG.updates}; with --resume, the new total)
  --seed S                    random seed (default ${LM_RL_CONFIG.seed})
  --prompts-per-update P      prompts per update (default ${LM_RL_CONFIG.promptsPerUpdate})
  --group-size G              responses sampled per prompt (default ${LM_RL_CONFIG.groupSize})
  --baseline ${LM_BASELINES.join("|")}    the advantage's baseline (default ${LM_RL_CONFIG.baseline})
  --kl-beta B                 weight of the KL penalty to the supervised model, 0 = off (default ${LM_RL_CONFIG.klBeta})
  --lr LR                     Adam learning rate (default ${LM_RL_CONFIG.learningRate})
  --temperature T             sampling temperature (default ${LM_RL_CONFIG.temperature})
  --eval-every K              held-out evaluation every K updates (default ${LM_RL_CONFIG.evalEvery})
  --sft-model DIR             the supervised model to start from, trained first if missing (default ${DEFAULT_SFT_DIR})
  --out DIR                   where the metric files go (default output/policy_gradient_metrics)
  --resume PATH               continue from a checkpoint file, or the newest one in a folder
  --backend NAME              TensorFlow.js backend: ${BACKEND_NAMES.join(", ")}
  --checkpoint-every K        checkpoint every K updates (default 50)
  --tag TAGS                  comma-separated tags for the run's record in output/runs (find it with npm run runs -- --tag …)
  --run-name NAME             names checkpoints/<NAME>/ and models/<NAME>/ (default lm-<reward>-seed<S>)
  --checkpoint-dir DIR, --model-dir DIR

Writes ${METRIC_FILES.csv} (one row per update), ${METRIC_FILES.curves}, ${METRIC_FILES.summary}, ${METRIC_FILES.logHistory}
and ${SAMPLES_FILE} (held-out prompts answered before and after) to --out.`;

function configFromFlags(values: Record<string, unknown>): LmRlConfig {
  const d = LM_RL_CONFIG;
  return {
    updates: integerFlag(values, "updates", d.updates, 1, 1_000_000),
    seed: integerFlag(values, "seed", d.seed, 0, 2 ** 31 - 1),
    promptsPerUpdate: integerFlag(values, "prompts-per-update", d.promptsPerUpdate, 1, 512),
    groupSize: integerFlag(values, "group-size", d.groupSize, 1, 64),
    baseline: choiceFlag<LmBaseline>(values, "baseline", d.baseline, LM_BASELINES),
    klBeta: numberFlag(values, "kl-beta", d.klBeta, 0, 10),
    learningRate: numberFlag(values, "lr", d.learningRate, 0, 1, { exclusiveMin: true }),
    temperature: numberFlag(values, "temperature", d.temperature, 0, 5, { exclusiveMin: true }),
    evalEvery: integerFlag(values, "eval-every", d.evalEvery, 1, 1_000_000),
    evalPrompts: d.evalPrompts,
  };
}

function progressLine(step: number, total: number, reward: number, accuracy: number, kl: number, seconds: number): string {
  return `update ${step}/${total} · reward ${reward.toFixed(3)} · accuracy ${(100 * accuracy).toFixed(0)}% · KL ${kl.toFixed(3)} · ${seconds.toFixed(1)} s`;
}

export async function trainLm(argv: string[]): Promise<number> {
  const values = parseCommand(argv, SPEC, "train", LM_USAGE, BACKEND_NAMES);
  if (!values) return EXIT.ok;
  let config = configFromFlags(values);
  let rewardSpec = values["reward-model"] !== undefined ? String(values["reward-model"]) : "";
  let resumeStep = 0;
  if (values.resume !== undefined) {
    const { payload } = loadCheckpoint(String(values.resume), LM_TASK);
    const { state, rewardModel } = decodeLmState(payload);
    refuseConfigChanges(values, CONFIG_FLAGS);
    if (rewardSpec && rewardSpec !== rewardModel) throw new UsageError(`The checkpoint was trained against --reward-model ${rewardModel}; resume with that one (or leave --reward-model out).`);
    rewardSpec = rewardModel;
    resumeStep = state.step;
    config = { ...state.config, updates: values.updates === undefined ? state.config.updates : config.updates };
    if (config.updates <= resumeStep) throw new UsageError(`The checkpoint is already at update ${resumeStep}; pass --updates larger than ${resumeStep} to train further.`);
  }
  if (!rewardSpec) throw new UsageError(`--reward-model is required for --task lm. Choose one of: ${rewardModelChoices()}.`);
  const reward = resolveRewardModel(rewardSpec, loadRewardModel);
  const { runName, outDir, checkpointDir, modelDir } = runFolders(values, runNameForLm(config, rewardSpec), "output/policy_gradient_metrics");
  const tags = tagsFlag(values);
  const checkpointEvery = integerFlag(values, "checkpoint-every", 50, 1, 1_000_000);

  console.log(describeBackend(await initBackend()));
  console.log(
    resumeStep > 0
      ? `Resuming ${runName} from update ${resumeStep}, training to update ${config.updates}.`
      : `Training ${runName}: ${config.updates} updates × ${config.promptsPerUpdate} prompts × ${config.groupSize} responses, reward ${reward.name}, baseline ${config.baseline}, KL β ${config.klBeta}, Adam lr ${config.learningRate}.`,
  );
  const stopRequested = stopOnCtrlC();
  const live = new LiveDisplay(250);
  const result = await runLm({
    config,
    rewardModel: rewardSpec,
    sftModel: values["sft-model"] !== undefined ? String(values["sft-model"]) : fromRoot(DEFAULT_SFT_DIR),
    outDir,
    runName,
    checkpointDir,
    modelDir,
    checkpointEvery,
    tags,
    resume: values.resume !== undefined ? String(values.resume) : undefined,
    shouldStop: stopRequested,
    log: (line) => console.log(line),
    onProgress: async ([r], trainer) => live.update(progressLine(r.step, config.updates, r.rewardMean, r.accuracy, r.kl, trainer.wallSeconds())),
  });
  const { trainer, summary } = result;
  const last = trainer.history[trainer.history.length - 1];
  if (last) await live.finish(progressLine(last.step, config.updates, last.rewardMean, last.accuracy, last.kl, trainer.wallSeconds()));
  const percent = (v: unknown) => (typeof v === "number" ? `${(100 * v).toFixed(1)}%` : "—");
  console.log(
    `\n${result.status === "completed" ? "Done" : "Stopped"}: ${trainer.step} updates in ${trainer.wallSeconds().toFixed(1)} s. Held-out accuracy ${percent(summary.sft_heldout_accuracy)} → ${percent(summary.final_heldout_accuracy)}, ` +
      `held-out reward ${Number(summary.sft_heldout_reward).toFixed(3)} → ${Number(summary.final_heldout_reward).toFixed(3)}, KL to the supervised model ${Number(summary.final_kl).toFixed(3)}; ` +
      `sampling ${summary.sampling_tokens_per_second} tokens/s.`,
  );
  console.log("Held-out prompts, correct answer, supervised model's answer → fine-tuned model's answer:");
  result.samples.before.slice(0, 6).forEach((b, i) => console.log(`  ${b.prompt.padEnd(7)} ${b.answer.padEnd(4)} ${JSON.stringify(b.response).padEnd(8)} → ${JSON.stringify(result.samples.after[i].response)}`));
  return reportRun(result, outDir, (checkpoint) => resumeCommand(LM_TASK, checkpoint, config.updates, values["run-name"] !== undefined ? runName : undefined));
}
