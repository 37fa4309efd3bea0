// npm run train -- --task lm --reward-model <name|path> [--updates N] [--seed S] …
import { LiveDisplay } from "../display/live";
import { LM_TASK, readLmCheckpoint, runLm, runNameForLm, SAMPLES_FILE, type LmCheckpoint } from "../runs/lm_run";
import { loadRewardModel } from "../lm/reward_model";
import { resolveRewardModel, rewardModelChoices } from "../lm/rewards";
import { fixedOnResume, usageLines } from "../core/config_schema";
import { LM_RL_CONFIG, LM_SCHEMA } from "../lm_training/reinforce";
import { DEFAULT_SFT_DIR } from "../lm_training/sft";
import { METRIC_FILES } from "../runs/metrics";
import { fromRoot } from "../core/paths";
import { BACKEND_NAMES, describeBackend, initBackend } from "../core/tf";
import { configFromFlags, parseCommand, schemaFlagSpec, UsageError, type FlagSpec } from "./args";
import { EXIT } from "./main";
import { resumeCommand } from "../experiments/resume";
import { refuseConfigChanges, reportRun, RUN_FLAGS, runFlagValues, stopOnCtrlC } from "./run_output";

const SPEC: FlagSpec = {
  task: { type: "string" },
  env: { type: "string" },
  "reward-model": { type: "string" },
  ...schemaFlagSpec(LM_SCHEMA),
  "sft-model": { type: "string" },
  ...RUN_FLAGS,
};

/** Settings a resumed run keeps from its checkpoint: the schema's, and the supervised model it started from. */
const FIXED_ON_RESUME = [...fixedOnResume(LM_SCHEMA), "sft-model"];

export const LM_USAGE = `Fine-tune the small language model with REINFORCE against a reward model.

  npm run train -- --reward-model NAME_OR_PATH [options]      (--reward-model selects --task lm)

  --reward-model X            a built-in reward (exact-match, digit-match) or the folder of a learned
                              reward model (e.g. models/lm-reward-model, from \`npm run train:reward-model\`)
${usageLines(LM_SCHEMA).join("\n")}
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

function progressLine(step: number, total: number, reward: number, accuracy: number, kl: number, seconds: number): string {
  return `update ${step}/${total} · reward ${reward.toFixed(3)} · accuracy ${(100 * accuracy).toFixed(0)}% · KL ${kl.toFixed(3)} · ${seconds.toFixed(1)} s`;
}

export async function trainLm(argv: string[]): Promise<number> {
  const values = parseCommand(argv, SPEC, "train", LM_USAGE, BACKEND_NAMES);
  if (!values) return EXIT.ok;
  let config = configFromFlags(LM_SCHEMA, values, LM_RL_CONFIG);
  let rewardSpec = values["reward-model"] !== undefined ? String(values["reward-model"]) : "";
  let resumeStep = 0;
  let resumed: LmCheckpoint | undefined;
  if (values.resume !== undefined) {
    resumed = readLmCheckpoint(String(values.resume));
    const { state, rewardModel } = resumed.saved;
    refuseConfigChanges(values, FIXED_ON_RESUME);
    if (rewardSpec && rewardSpec !== rewardModel) throw new UsageError(`The checkpoint was trained against --reward-model ${rewardModel}; resume with that one (or leave --reward-model out).`);
    rewardSpec = rewardModel;
    resumeStep = state.step;
    config = { ...state.config, updates: values.updates === undefined ? state.config.updates : config.updates };
    if (config.updates <= resumeStep) throw new UsageError(`The checkpoint is already at update ${resumeStep}; pass --updates larger than ${resumeStep} to train further.`);
  }
  if (!rewardSpec) throw new UsageError(`--reward-model is required for --task lm. Choose one of: ${rewardModelChoices()}.`);
  const reward = resolveRewardModel(rewardSpec, loadRewardModel);
  const run = runFlagValues(values, { runName: runNameForLm(config, rewardSpec), outDir: "output/policy_gradient_metrics", checkpointEvery: 50 });
  const { runName, outDir } = run;

  console.log(describeBackend(await initBackend()));
  console.log(
    resumeStep > 0
      ? `Resuming ${runName} from update ${resumeStep}, training to update ${config.updates}.`
      : `Training ${runName}: ${config.updates} updates × ${config.promptsPerUpdate} prompts × ${config.groupSize} responses, reward ${reward.name}, baseline ${config.baseline}, KL β ${config.klBeta}, Adam lr ${config.learningRate}.`,
  );
  const live = new LiveDisplay(250);
  const result = await runLm({
    config,
    rewardModel: rewardSpec,
    reward, // resolved once, above
    sftModel: values["sft-model"] !== undefined ? String(values["sft-model"]) : fromRoot(DEFAULT_SFT_DIR),
    ...run,
    resume: resumed, // read once, above
    shouldStop: stopOnCtrlC(),
    log: (line) => console.log(line),
    onProgress: async ([r], trainer) => live.update(progressLine(r.step, config.updates, r.rewardMean, r.accuracy, r.kl, trainer.wallSeconds)),
  });
  const { trainer, summary } = result;
  const last = trainer.history[trainer.history.length - 1];
  if (last) await live.finish(progressLine(last.step, config.updates, last.rewardMean, last.accuracy, last.kl, trainer.wallSeconds));
  const percent = (v: unknown) => (typeof v === "number" ? `${(100 * v).toFixed(1)}%` : "—");
  console.log(
    `\n${result.status === "completed" ? "Done" : "Stopped"}: ${trainer.step} updates in ${trainer.wallSeconds.toFixed(1)} s. Held-out accuracy ${percent(summary.sft_heldout_accuracy)} → ${percent(summary.final_heldout_accuracy)}, ` +
      `held-out reward ${Number(summary.sft_heldout_reward).toFixed(3)} → ${Number(summary.final_heldout_reward).toFixed(3)}, KL to the supervised model ${Number(summary.final_kl).toFixed(3)}; ` +
      `sampling ${summary.sampling_tokens_per_second} tokens/s.`,
  );
  console.log("Held-out prompts, correct answer, supervised model's answer → fine-tuned model's answer:");
  result.samples.before.slice(0, 6).forEach((b, i) => console.log(`  ${b.prompt.padEnd(7)} ${b.answer.padEnd(4)} ${JSON.stringify(b.response).padEnd(8)} → ${JSON.stringify(result.samples.after[i].response)}`));
  return reportRun(result, outDir, (checkpoint) => resumeCommand(LM_TASK, checkpoint, config.updates, values["run-name"] !== undefined ? runName : undefined));
}
