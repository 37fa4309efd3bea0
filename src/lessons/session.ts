// The first cell of every notebook: pick the backend, seed the generator and say so, so that a
// learner (and a reader of a saved notebook) knows what produced the numbers below.
import { packageVersion } from "../core/paths";
import { isQuick } from "./quick";
import { Rng } from "../core/random";
import { describeBackend, initBackend, type BackendInfo } from "../core/tf";

export interface Lesson {
  seed: number;
  rng: Rng;
  backend: BackendInfo;
  quick: boolean;
  /** Tags for the runs this notebook records: "notebook03", plus "quick" in quick mode. */
  tags: string[];
}

export function versionLine(): string {
  return ["tslab", "@tensorflow/tfjs", "plotly.js-dist-min", "danfojs-node"]
    .map((name) => `${name} ${packageVersion(name)}`)
    .concat(`node ${process.version}`)
    .join(" · ");
}

export async function startLesson(options: { seed?: number; notebook?: string } = {}): Promise<Lesson> {
  const seed = options.seed ?? 0;
  const backend = await initBackend();
  const quick = isQuick();
  console.log(describeBackend(backend));
  console.log(versionLine());
  console.log(`seed ${seed} · ${quick ? "QUICK mode: small sample counts for a fast check" : "full lesson sizes"}`);
  const tags = [...(options.notebook ? [`notebook${options.notebook}`] : []), ...(quick ? ["quick"] : [])];
  return { seed, rng: new Rng(seed), backend, quick, tags };
}
