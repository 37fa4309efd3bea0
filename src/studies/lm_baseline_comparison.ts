// One RL fine-tuning run of the language model as a job of src/studies/parallel_jobs.ts, so that
// several train at once, one per core: notebook 05's baselines and KL weights, notebook 04's runs
// against the learned reward model.
import { recordFinishedRun } from "../experiments/recording";
import { tf } from "../core/tf";
import { trainLoop } from "../rl/train_loop";
import { beforeAfterSamples, LM_RECORD_KEYS, LM_TASK, lmResults, type LmRunResult } from "../runs/lm_run";
import { rlData } from "../lm/datasets";
import { loadRewardModel } from "../lm/reward_model";
import { resolveRewardModel, type RewardModel } from "../lm/rewards";
import { LmReinforce, type LmRlConfig, type LmUpdateRecord } from "../lm_training/reinforce";
import { DEFAULT_SFT_DIR, ensureSftModel } from "../lm_training/sft";
import { fromRoot } from "../core/paths";

export interface LmJob {
  label: string;
  config: LmRlConfig;
  rewardModel: string;
  /** How to record the run in output/runs; not recorded without it. */
  record?: { name: string; tags?: string[]; source?: string };
}

export interface LmJobProgress {
  step: number;
  rewardMean: number;
}

export interface LmJobResult {
  label: string;
  history: LmUpdateRecord[];
  initial: { heldoutReward: number; heldoutAccuracy: number };
  wallSeconds: number;
  runId: string | null;
  /** The run's results as runLm's summary.json gives them (held-out accuracy and reward before and after, final KL, speeds). */
  summary: Record<string, number | null>;
  /** The same 12 held-out prompts answered before and after. */
  samples: LmRunResult["samples"];
  rewardKind: RewardModel["kind"];
}

export async function runLmJob(job: LmJob, progress: (p: LmJobProgress) => void): Promise<LmJobResult> {
  const { model } = await ensureSftModel(fromRoot(DEFAULT_SFT_DIR));
  const data = rlData();
  const trainer = LmReinforce.create(job.config, model, resolveRewardModel(job.rewardModel, loadRewardModel), data);
  const { status, error } = await trainLoop<LmUpdateRecord, LmReinforce>(trainer, { onRecords: ([r]) => progress({ step: r.step, rewardMean: r.rewardMean }) });
  if (status !== "completed") throw error ?? new Error(`the run ended early (${status})`);
  const summary = lmResults(trainer);
  const runId = job.record
    ? recordFinishedRun(
        { ...LM_RECORD_KEYS, task: LM_TASK, ...job.record, seed: job.config.seed, config: { ...job.config, rewardModel: job.rewardModel }, backend: tf.getBackend() },
        status,
        trainer.history,
        summary,
      )
    : null;
  return {
    label: job.label,
    history: trainer.history,
    initial: trainer.initial,
    wallSeconds: trainer.wallSeconds,
    runId,
    summary,
    samples: beforeAfterSamples(trainer, data),
    rewardKind: trainer.rewardModel.kind,
  };
}
