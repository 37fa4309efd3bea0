// A whole RL fine-tuning run of the language model, as `npm run train -- --task lm` and notebook 04
// do it: start from the supervised model (or resume), train against the chosen reward model with
// checkpoints, and write the source lesson's four files plus samples.json (the same held-out prompts
// answered before and after RL), the final policy and a last checkpoint.
import * as path from "path";
import { CheckpointError, loadCheckpoint } from "./checkpoint";
import { decodeTrainerState, encodeTrainerState } from "./state_codec";
import { axis, figure, type Figure, type Trace } from "../display/figure";
import { writeJsonAtomic } from "../core/files";
import { fromRoot } from "../core/paths";
import { initBackend } from "../core/tf";
import { runTraining, type RunOptions, type TrainingRunResult } from "./training_run";
import { rlData, type LmData } from "../lm/datasets";
import { evaluateLanguageModel, type LmEvaluation } from "../lm/evaluation";
import { saveTransformer } from "../lm/model_files";
import { loadRewardModel } from "../lm/reward_model";
import { resolveRewardModel, type RewardModel } from "../lm/rewards";
import { LM_STATE_ARRAYS, LmReinforce, validateLmConfig, type LmRlConfig, type LmRlState, type LmUpdateRecord } from "../lm_training/reinforce";
import { DEFAULT_SFT_DIR, ensureSftModel } from "../lm_training/sft";
import { validateTransformerConfig, type TransformerConfig } from "../lm/transformer";

export const LM_TASK = "lm";
export const SAMPLES_FILE = "samples.json";
/** Runs of this task are plotted against the update, by the mean reward of its samples. */
export const LM_RECORD_KEYS = { stepKey: "step", metric: "rewardMean" } as const;

/** The run's name defaults to lm-<reward>-seed<S>; with `resume`, the checkpoint's reward model is used and `config.updates` is the new total. */
/** A checkpoint read once: its file and what it saved. */
export interface LmCheckpoint {
  file: string;
  saved: ReturnType<typeof decodeLmState>;
}

export interface LmRunOptions extends Omit<RunOptions<LmUpdateRecord, LmReinforce>, "resume"> {
  /** A checkpoint file (or a folder: its newest), or one already read with readLmCheckpoint (as the command does, to check its flags first). */
  resume?: string | LmCheckpoint;
  config: LmRlConfig;
  /** A built-in reward name (exact-match, digit-match) or the folder of a learned reward model. */
  rewardModel: string;
  /** `rewardModel` already resolved (as the command does, to name it and to refuse a bad one before anything runs); resolved here when absent. */
  reward?: RewardModel;
  /** The supervised model to start from (trained there first if missing). Default models/lm-sft. */
  sftModel?: string;
  /** Progress lines of the preparation (supervised training when it is needed). */
  log?: (line: string) => void;
}

export interface LmRunResult extends TrainingRunResult<LmReinforce> {
  samples: { before: LmEvaluation["samples"]; after: LmEvaluation["samples"] };
}

export function runNameForLm(config: LmRlConfig, rewardModel: string): string {
  const reward = path.basename(rewardModel.replace(/[\\/]+$/, "")).replace(/[^\w.-]/g, "_");
  return `lm-${reward}-seed${config.seed}`;
}

export function encodeLmState(state: LmRlState, rewardModel: string, architecture: TransformerConfig): Record<string, unknown> {
  return { ...encodeTrainerState(state, LM_STATE_ARRAYS), rewardModel, architecture };
}

/** Reads a language-model checkpoint (a file, or a folder: its newest) and decodes what it saved, checked. */
export function readLmCheckpoint(target: string): LmCheckpoint {
  const { file, payload } = loadCheckpoint(target, LM_TASK);
  return { file, saved: decodeLmState(payload) };
}

export function decodeLmState(payload: unknown): { state: LmRlState; rewardModel: string; architecture: TransformerConfig } {
  try {
    const { rewardModel, architecture, ...rest } = decodeTrainerState<LmRlState & { rewardModel: unknown; architecture: unknown }>(payload, LM_STATE_ARRAYS);
    const state: LmRlState = { ...rest, config: validateLmConfig(rest.config) };
    return { state, rewardModel: String(rewardModel), architecture: validateTransformerConfig(architecture as TransformerConfig) };
  } catch (error) {
    throw new CheckpointError(`the checkpoint's training state is unusable: ${(error as Error).message}`);
  }
}

/** A fine-tuning run's headline numbers (summary.json, the run record). */
export function lmResults(trainer: LmReinforce): Record<string, number | null> {
  const evaluated = trainer.history.filter((r) => r.heldoutReward !== null);
  const last = evaluated[evaluated.length - 1];
  return {
    updates: trainer.step,
    sft_heldout_reward: trainer.initial.heldoutReward,
    sft_heldout_accuracy: trainer.initial.heldoutAccuracy,
    final_heldout_reward: last ? last.heldoutReward : null,
    final_heldout_accuracy: last ? last.heldoutAccuracy : null,
    best_heldout_accuracy: evaluated.length ? Math.max(...evaluated.map((r) => r.heldoutAccuracy ?? 0)) : null,
    final_kl: trainer.history.length ? trainer.history[trainer.history.length - 1].kl : null,
    tokens_sampled: trainer.tokensSampled,
    sampling_tokens_per_second: trainer.samplingSeconds > 0 ? Math.round(trainer.tokensSampled / trainer.samplingSeconds) : null,
    update_tokens_per_second: trainer.updateSeconds > 0 ? Math.round(trainer.tokensUpdated / trainer.updateSeconds) : null,
  };
}

/** The same 12 held-out prompts answered by the supervised model and by the fine-tuned one, with the same random numbers. */
export function beforeAfterSamples(trainer: LmReinforce, data: LmData): LmRunResult["samples"] {
  const shown = data.heldout.slice(0, 12);
  const settings = { temperature: trainer.config.temperature, seed: 2000 + trainer.config.seed };
  return {
    before: evaluateLanguageModel(trainer.reference, shown, trainer.rewardModel, settings).samples,
    after: evaluateLanguageModel(trainer.policy, shown, trainer.rewardModel, settings).samples,
  };
}

/** Reward, accuracy and KL over the updates, with the held-out evaluations as markers. */
export function lmCurvesFigure(history: LmUpdateRecord[], initial: { heldoutReward: number; heldoutAccuracy: number }, title: string): Figure {
  const steps = history.map((r) => r.step);
  const evaluated = history.filter((r) => r.heldoutReward !== null);
  const heldSteps = [0, ...evaluated.map((r) => r.step)];
  const traces: Trace[] = [
    { x: steps, y: history.map((r) => r.rewardMean), name: "reward (training samples)", mode: "lines", line: { width: 1, color: "rgba(31,119,180,0.5)" } },
    { x: heldSteps, y: [initial.heldoutReward, ...evaluated.map((r) => r.heldoutReward)], name: "reward (held-out prompts)", mode: "lines+markers", line: { color: "rgb(31,119,180)", width: 2.5 } },
    { x: steps, y: history.map((r) => r.accuracy), name: "accuracy (training samples)", mode: "lines", line: { width: 1, color: "rgba(44,160,44,0.5)" }, xaxis: "x2", yaxis: "y2" },
    { x: heldSteps, y: [initial.heldoutAccuracy, ...evaluated.map((r) => r.heldoutAccuracy)], name: "accuracy (held-out prompts)", mode: "lines+markers", line: { color: "rgb(44,160,44)", width: 2.5 }, xaxis: "x2", yaxis: "y2" },
    { x: steps, y: history.map((r) => r.kl), name: "KL(π ‖ π_ref) per response", mode: "lines", line: { color: "rgb(214,39,40)" }, xaxis: "x3", yaxis: "y3" },
  ];
  return figure(traces, {
    title: { text: title },
    height: 680,
    grid: { rows: 3, columns: 1, pattern: "independent", roworder: "top to bottom" },
    xaxis: { matches: "x3", showticklabels: false },
    xaxis2: { matches: "x3", showticklabels: false },
    xaxis3: axis("update"),
    yaxis: axis("reward", { domain: [0.7, 1] }),
    yaxis2: axis("accuracy", { domain: [0.37, 0.64], range: [0, 1] }),
    yaxis3: axis("KL (nats)", { domain: [0, 0.3] }),
    legend: { orientation: "h", y: -0.1 },
  });
}

export async function runLm(options: LmRunOptions): Promise<LmRunResult> {
  const backend = await initBackend();
  const data = rlData();
  let trainer: LmReinforce;
  let resumedFrom: string | null = null;
  let rewardSpec = options.rewardModel;
  let reward: RewardModel;
  if (options.resume) {
    const { file, saved } = typeof options.resume === "string" ? readLmCheckpoint(options.resume) : options.resume;
    const { state, rewardModel, architecture } = saved;
    if (rewardSpec && rewardSpec !== rewardModel) {
      throw new CheckpointError(`${file} was trained against the reward model "${rewardModel}", not "${rewardSpec}"; resume with the same one (or leave --reward-model out).`);
    }
    rewardSpec = rewardModel;
    reward = options.reward ?? resolveRewardModel(rewardSpec, loadRewardModel);
    state.config = validateLmConfig({ ...state.config, updates: options.config.updates });
    trainer = LmReinforce.fromState(state, reward, data, architecture);
    resumedFrom = file;
  } else {
    reward = options.reward ?? resolveRewardModel(rewardSpec, loadRewardModel);
    const sft = await ensureSftModel(options.sftModel ?? fromRoot(DEFAULT_SFT_DIR), { log: options.log });
    trainer = LmReinforce.create(options.config, sft.model, reward, data);
  }
  const config = trainer.config;
  const runName = options.runName ?? runNameForLm(config, rewardSpec);
  const outDir = options.outDir ?? fromRoot("output", "policy_gradient_metrics");
  const modelDir = options.modelDir ?? fromRoot("models", runName);
  const title = `REINFORCE on the language model, reward: ${reward.name}${config.klBeta > 0 ? `, KL β = ${config.klBeta}` : ", no KL penalty"}`;

  const result = await runTraining<LmUpdateRecord, LmReinforce>({
    task: LM_TASK,
    trainer,
    backend,
    outDir,
    checkpointDir: options.checkpointDir,
    checkpointEvery: options.checkpointEvery ?? 50,
    resumedFrom,
    stepOf: (record) => record.step,
    progress: () => trainer.step,
    total: config.updates,
    stepName: "update",
    runName,
    notebookResume: (checkpoint) => `await runLm({ config, rewardModel: "${rewardSpec}", runName: "${runName}", resume: "${checkpoint}" })`,
    encodeState: () => encodeLmState(trainer.state(), rewardSpec, trainer.policy.transformer.config),
    summary: () => ({
      config,
      reward_model: { spec: rewardSpec, name: reward.name, kind: reward.kind, description: reward.description },
      ...lmResults(trainer),
    }),
    saveModel: async () =>
      saveTransformer(modelDir, "policy", trainer.policy.transformer, { made_by: "REINFORCE fine-tuning", reward_model: rewardSpec, config, updates: trainer.step }),
    curves: (history) => lmCurvesFigure(history, trainer.initial, title),
    writeCurves: options.curves,
    onProgress: options.onProgress,
    shouldStop: options.shouldStop,
    record:
      options.record === false
        ? false
        : { ...LM_RECORD_KEYS, seed: config.seed, config: { ...config, rewardModel: rewardSpec }, tags: options.tags },
  });

  const samples = beforeAfterSamples(trainer, data);
  writeJsonAtomic(path.join(outDir, SAMPLES_FILE), samples);
  return { ...result, samples };
}
