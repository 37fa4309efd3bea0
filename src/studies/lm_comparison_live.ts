// Language-model RL runs on the worker processes, with a progress line while they train (notebook 04's
// runs against the learned reward model), and notebook 05's comparison as one call: one run per
// variant (baseline, KL weight), the chart of reward and KL per update, the table of the runs, and
// the KL of a run's last updates.
import { axis, figure, type Figure } from "../display/figure";
import { LiveDisplay } from "../display/live";
import { movingAverage } from "../core/stats";
import { fromRoot } from "../core/paths";
import type { LmBaseline } from "../lm_training/advantages";
import type { LmJob, LmJobProgress, LmJobResult } from "./lm_baseline_comparison";
import { LM_RL_CONFIG, type LmUpdateRecord } from "../lm_training/reinforce";
import { DEFAULT_SFT_DIR, ensureSftModel } from "../lm_training/sft";
import { runJobs } from "./parallel_jobs";

export interface LmVariant {
  label: string;
  baseline: LmBaseline;
  klBeta: number;
}

const LM_COLOURS = ["#7f7f7f", "#9467bd", "#2ca02c", "#ff7f0e", "#d62728", "#1f77b4", "#8c564b"];

/**
 * RL fine-tuning of the supervised model against the exact-match reward, once per variant, all with
 * the course's defaults otherwise (LM_RL_CONFIG), the same seed and number of updates.
 */
export async function compareLmVariants(options: {
  variants: LmVariant[];
  updates: number;
  seed: number;
  evalEvery: number;
  record?: { name: string; tags?: string[]; source?: string };
}): Promise<LmJobResult[]> {
  return trainLmRuns(
    options.variants.map((v) => ({
      label: v.label,
      rewardModel: "exact-match",
      record: options.record ? { ...options.record, name: `${options.record.name}-lm-${v.baseline}-beta${v.klBeta}` } : undefined,
      config: { ...LM_RL_CONFIG, baseline: v.baseline, klBeta: v.klBeta, updates: options.updates, seed: options.seed, evalEvery: options.evalEvery },
    })),
  );
}

/**
 * Language-model RL runs, one per job, on the worker processes (one per core, so two runs take about
 * the time of one on two cores), with a progress line per run while they train. Each job is seeded:
 * its result does not depend on which worker ran it.
 */
export async function trainLmRuns(jobs: LmJob[]): Promise<LmJobResult[]> {
  await ensureSftModel(fromRoot(DEFAULT_SFT_DIR), { log: (line) => console.log(line) }); // trained once here, shared by the workers
  const live = new LiveDisplay(2000);
  const latest = jobs.map((job) => `${job.label}: waiting`);
  const results = await runJobs<LmJob, LmJobProgress, LmJobResult>("lm_job.ts", jobs, {
    onProgress: (i, p) => {
      latest[i] = `${jobs[i].label}: update ${p.step}/${jobs[i].config.updates}, reward ${p.rewardMean.toFixed(2)}`;
      void live.update(latest.join("\n"));
    },
  });
  await live.finish(`${results.length} language-model runs finished`);
  return results;
}

/** Reward (a 10-update moving average) and KL to the supervised model per update, one colour per run. */
export function lmComparisonFigure(results: LmJobResult[]): Figure {
  return figure(
    results.flatMap((r, i) => {
      const steps = r.history.map((h) => h.step);
      const color = LM_COLOURS[i % LM_COLOURS.length];
      return [
        { x: steps, y: movingAverage(r.history.map((h) => h.rewardMean), 10), name: `${r.label}: reward`, mode: "lines", line: { color } },
        { x: steps, y: r.history.map((h) => h.kl), name: `${r.label}: KL`, mode: "lines", line: { color, dash: "dot" }, xaxis: "x2", yaxis: "y2", showlegend: false },
      ];
    }),
    {
      title: { text: "Reward (10-update average) and KL to the supervised model" },
      grid: { rows: 1, columns: 2, pattern: "independent" },
      xaxis: axis("update", { domain: [0, 0.46] }),
      yaxis: axis("reward (exact match)", { range: [0, 1] }),
      xaxis2: axis("update", { domain: [0.54, 1] }),
      yaxis2: axis("KL(π ‖ π_ref), nats"),
      height: 460,
      legend: { orientation: "h", y: -0.2 },
    },
  );
}

/** One row per run: held-out accuracy before and after (the last evaluation), and where the run ended. */
export function lmComparisonRows(results: LmJobResult[]): Record<string, string | number | null>[] {
  return results.map((r) => {
    const evaluated = r.history.filter((h) => h.heldoutAccuracy !== null);
    const last = r.history[r.history.length - 1];
    return {
      "run": r.label,
      "held-out accuracy before": r.initial.heldoutAccuracy,
      "held-out accuracy after": evaluated.length ? evaluated[evaluated.length - 1].heldoutAccuracy : null,
      "final KL": last.kl,
      "mean KL, last quarter of the updates": lateKl(r.history),
      "entropy per token at the end": last.entropy,
      "training seconds": r.wallSeconds,
    };
  });
}

/** The mean KL(π ‖ π_ref) over the last quarter of a run's updates (at least one). */
export function lateKl(history: LmUpdateRecord[]): number {
  const tail = history.slice(-Math.max(1, Math.floor(history.length / 4)));
  return tail.reduce((a, h) => a + h.kl, 0) / tail.length;
}
