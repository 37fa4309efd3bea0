// Several algorithms trained one after the other on the same environment, drawn together as they go:
// one live chart with every finished run's curves and the current run's growing beside them. Each run
// is a whole `runEpisodic` (metric files in output/<name>/<algorithm>/, a checkpoint, a model, a run
// record named <name>-<algorithm>), so a learner can resume, evaluate or compare any of them later.
import { fromRoot } from "../core/paths";
import { LiveDisplay } from "../display/live";
import { environmentNamed } from "../rl/environments";
import type { EpisodeRecord } from "../rl/episode_records";
import type { EpisodicConfig } from "../rl/settings";
import { runEpisodic, type EpisodicRunResult } from "../runs/episodic_run";
import { returnCurvesFigure } from "../runs/training_curves";

export interface MethodToTrain {
  label: string;
  algorithm: string;
  config: EpisodicConfig;
}

export interface TrainedMethod extends MethodToTrain {
  run: EpisodicRunResult;
}

/** Trains each method in turn on `env`, redrawing one chart of all of them; returns the runs in order. */
export async function trainInTurn(options: { env: string; methods: MethodToTrain[]; name: string; tags?: string[]; title?: string }): Promise<TrainedMethod[]> {
  const spec = environmentNamed(options.env).env.spec;
  const algorithms = options.methods.map((m) => m.algorithm);
  const repeated = algorithms.find((a, i) => algorithms.indexOf(a) !== i);
  // each run's files and record are named by its algorithm: two of one kind would overwrite each other
  if (repeated) throw new Error(`trainInTurn trains each algorithm once (its files are named ${options.name}-<algorithm>), and ${repeated} is listed twice; call it again with another name for the second`);
  const title = options.title ?? `${options.methods.map((m) => m.label).join(" and ")} on ${spec.id}`;
  const live = new LiveDisplay(1000);
  const done: TrainedMethod[] = [];
  const curves = (current?: { label: string; records: EpisodeRecord[] }) => returnCurvesFigure([...done.map((m) => ({ label: m.label, records: m.run.trainer.history })), ...(current ? [current] : [])], title, spec);
  for (const method of options.methods) {
    const run = await runEpisodic({
      env: options.env,
      algorithm: method.algorithm,
      config: method.config,
      runName: `${options.name}-${method.algorithm}`,
      outDir: fromRoot("output", options.name, method.algorithm),
      tags: options.tags,
      onProgress: (_records, trainer) => live.update(curves({ label: method.label, records: trainer.history }), `${method.label}: episode ${trainer.episode}/${method.config.episodes}`),
    });
    done.push({ ...method, run });
  }
  await live.finish(curves(), title);
  return done;
}
