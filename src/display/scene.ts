// What a replay needs to know of an environment to draw it (display/replay.ts as a Plotly animation,
// display/replay_gif.ts as a GIF): the world's extent, how a state looks (as Plotly traces, and as
// filled polygons in world units for the GIF), the two quantities plotted against time, and how an
// episode ended. CartPole's scene is display/cartpole_scene.ts, Pendulum's display/pendulum_scene.ts;
// display/scenes.ts finds one by the environment's id.
import type { Episode } from "../rl/rollout";
import type { Trace } from "./figure";

export type Point = [number, number];

/** An episode as a replay draws it: its observations (s_0 … s_{T−1}, then the final one) and how it ended; its rewards when known. */
export type ReplayEpisode = Pick<Episode, "observations" | "finalObservation" | "length" | "terminated" | "truncated"> & Partial<Pick<Episode, "rewards">>;

export interface SceneAxes {
  /** Plotly's axis names for this scene, e.g. "x2" and "y2". */
  xaxis: string;
  yaxis: string;
}

/** A filled polygon in world units, for the GIF (a line is a thin polygon: see `segment`). */
export interface Shape {
  points: Point[];
  /** "#rrggbb" */
  colour: string;
}

/** One quantity of the state plotted against the step, with the values past which something happens. */
export interface SceneCurve {
  title: string;
  range: [number, number];
  value: (state: number[]) => number;
  /** ±limit drawn dashed, e.g. CartPole's ±12° at which an episode ends. */
  limit?: { value: number; name: string };
}

export interface Scene {
  /** "CartPole", "Pendulum": the default title's first word. */
  name: string;
  /** Numbers per observation of the environment it draws (an episode of another environment is refused). */
  observationSize: number;
  xRange: [number, number];
  yRange: [number, number];
  /** Simulated milliseconds per step, so that playback runs at real time. */
  stepMs: number;
  /** The x axis of a scene shown with ticks (its title and tick values). */
  xAxisTicks: Record<string, unknown>;
  /** The state drawn at each of s_0 … s_T (the one after the last action included). */
  states(episode: ReplayEpisode): number[][];
  /** Why the episode ended, in words. */
  ending(episode: ReplayEpisode): string;
  /** The caption at step t ≤ T: the step and the return so far. */
  caption(episode: ReplayEpisode, t: number): string;
  /** What does not move (shifted right by `offset`, for panels side by side in one subplot). */
  backgroundTraces(axes: SceneAxes, offset: number): Trace[];
  /** What moves, for one state: the same number of traces for every state. */
  stateTraces(state: number[], axes: SceneAxes, offset: number): Trace[];
  /** The GIF's picture of one state, background included, drawn in order. */
  shapes(state: number[]): Shape[];
  curves: [SceneCurve, SceneCurve];
}

/** A segment as a thin quadrilateral, so that lines are filled like every other shape. */
export function segment(a: Point, b: Point, thickness: number): Point[] {
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
  const nx = (-(b[1] - a[1]) / length) * (thickness / 2);
  const ny = ((b[0] - a[0]) / length) * (thickness / 2);
  return [[a[0] + nx, a[1] + ny], [b[0] + nx, b[1] + ny], [b[0] - nx, b[1] - ny], [a[0] - nx, a[1] - ny]];
}

export const degrees = (radians: number) => (radians * 180) / Math.PI;

/** Refuses an episode of another environment (say, a Pendulum episode drawn with CartPole's scene). */
export function checkEpisodeFits(scene: Scene, episode: ReplayEpisode): void {
  const size = episode.finalObservation.length;
  if (size !== scene.observationSize) {
    throw new Error(`this episode's observations have ${size} numbers, and the ${scene.name} scene draws observations of ${scene.observationSize}: pass the episode's own scene, { scene: sceneFor(env.spec.id) } (src/display/scenes.ts)`);
  }
}

/** To a tenth of a millimetre: plenty for a picture, and a third of the JSON. */
export const round = (v: number) => Math.round(v * 1e4) / 1e4;

/** A closed polygon as x and y lists (the first point repeated at the end). */
export function closed(points: Point[]): { x: number[]; y: number[] } {
  return { x: [...points.map((p) => round(p[0])), round(points[0][0])], y: [...points.map((p) => round(p[1])), round(points[0][1])] };
}

/** The return up to step t: the sum of the first t rewards (CartPole's is t itself). */
export function returnSoFar(episode: ReplayEpisode, t: number): number {
  if (!episode.rewards) return Number.NaN;
  let total = 0;
  for (let k = 0; k < Math.min(t, episode.rewards.length); k++) total += episode.rewards[k];
  return total;
}

/** The observations of s_0 … s_T as rows. */
export function observationRows(episode: ReplayEpisode): number[][] {
  const size = episode.observations.length / episode.length;
  const rows: number[][] = [];
  for (let t = 0; t < episode.length; t++) rows.push(Array.from(episode.observations.subarray(t * size, (t + 1) * size)));
  rows.push(Array.from(episode.finalObservation));
  return rows;
}
