// How a CartPole state looks: the track, the ±2.4 limits, the cart, the pole at its angle and the
// ±12° angles at which an episode ends, in Gymnasium's proportions (a 4.8-wide world drawn 600 px
// wide: cart 0.4 × 0.24, pole 1.0 long and 0.08 wide, hinged just above the cart's centre). The
// shapes are plain polygons in world units, so the Plotly replays (display/replay.ts) and the GIF
// writer (display/replay_gif.ts) draw the same picture. CARTPOLE_SCENE is the whole scene (display/scene.ts).
import { CARTPOLE } from "../envs/cartpole";
import type { Trace } from "./figure";
import { closed, degrees, observationRows, round, segment, type Point, type ReplayEpisode, type Scene, type SceneAxes, type Shape } from "./scene";

export type { Point, SceneAxes } from "./scene";

export const SCENE = {
  xLimit: CARTPOLE.xThreshold,
  failureAngle: CARTPOLE.thetaThreshold,
  cartWidth: 0.4,
  cartHeight: 0.24,
  poleLength: 1.0,
  poleWidth: 0.08,
  /** The hinge, above the cart's centre (the cart's centre is at height 0). */
  pivotHeight: 0.06,
  /** The track the cart rolls on: the bottom of the cart. */
  trackHeight: -0.12,
  /** The world shown: a little beyond the limits, and above the pole's highest point. */
  xRange: [-2.7, 2.7] as [number, number],
  yRange: [-0.3, 1.2] as [number, number],
};

export const SCENE_COLOURS = { cart: "#444444", pole: "#c8873a", track: "#777777", limit: "#d62728", guide: "rgba(214,39,40,0.35)", pivot: "#8c8cb4" };

/** The shapes of one state (cart position x, pole angle θ, positive = leaning right), in world units. */
export interface CartPoleShapes {
  cart: Point[];
  pole: Point[];
  pivot: Point;
  /** The two lines from the hinge at ±12°: past them the episode ends. */
  guides: [Point, Point][];
}

/** `point` turned by the pole's angle about the hinge: θ > 0 leans the pole to the right. */
function rotate([px, py]: Point, theta: number): Point {
  return [px * Math.cos(theta) + py * Math.sin(theta), -px * Math.sin(theta) + py * Math.cos(theta)];
}

export function cartPoleShapes(x: number, theta: number): CartPoleShapes {
  const { cartWidth: w, cartHeight: h, poleLength: l, poleWidth: pw, pivotHeight } = SCENE;
  const pivot: Point = [x, pivotHeight];
  const around = (p: Point): Point => {
    const [rx, ry] = rotate(p, theta);
    return [pivot[0] + rx, pivot[1] + ry];
  };
  const guide = (angle: number): [Point, Point] => [pivot, [pivot[0] + l * Math.sin(angle), pivot[1] + l * Math.cos(angle)]];
  return {
    cart: [[x - w / 2, -h / 2], [x + w / 2, -h / 2], [x + w / 2, h / 2], [x - w / 2, h / 2]],
    pole: [around([-pw / 2, -pw / 2]), around([pw / 2, -pw / 2]), around([pw / 2, l - pw / 2]), around([-pw / 2, l - pw / 2])],
    pivot,
    guides: [guide(-SCENE.failureAngle), guide(SCENE.failureAngle)],
  };
}

/** What does not move: the track and the two limits (shifted right by `offset`, for panels side by side in one subplot). */
export function sceneBackgroundTraces(axes: SceneAxes, offset = 0): Trace[] {
  const { xLimit, trackHeight, xRange } = SCENE;
  const common = { ...axes, mode: "lines", hoverinfo: "skip", showlegend: false };
  const left = offset - xLimit;
  const right = offset + xLimit;
  return [
    { ...common, x: [offset + xRange[0] + 0.1, offset + xRange[1] - 0.1], y: [trackHeight, trackHeight], line: { color: SCENE_COLOURS.track, width: 2 }, name: "track" },
    { ...common, x: [left, left, null, right, right], y: [trackHeight - 0.1, 0.5, null, trackHeight - 0.1, 0.5], line: { color: SCENE_COLOURS.limit, width: 1.5, dash: "dash" }, name: "|x| = 2.4: the episode ends" },
  ];
}

/** What moves, for one state: the ±12° guides, the cart, the pole and its hinge (always four traces, in this order). */
export function sceneStateTraces(x: number, theta: number, axes: SceneAxes): Trace[] {
  const shapes = cartPoleShapes(x, theta);
  const common = { ...axes, hoverinfo: "skip", showlegend: false };
  const [left, right] = shapes.guides;
  return [
    { ...common, mode: "lines", x: [left[1][0], left[0][0], right[1][0]].map(round), y: [left[1][1], left[0][1], right[1][1]].map(round), line: { color: SCENE_COLOURS.guide, width: 1, dash: "dot" }, name: "±12°: the episode ends" },
    { ...common, mode: "lines", fill: "toself", ...closed(shapes.cart), line: { color: SCENE_COLOURS.cart, width: 1 }, fillcolor: SCENE_COLOURS.cart, name: "cart" },
    { ...common, mode: "lines", fill: "toself", ...closed(shapes.pole), line: { color: SCENE_COLOURS.pole, width: 1 }, fillcolor: SCENE_COLOURS.pole, name: "pole" },
    { ...common, mode: "markers", x: [round(shapes.pivot[0])], y: [round(shapes.pivot[1])], marker: { color: SCENE_COLOURS.pivot, size: 6 }, name: "hinge" },
  ];
}

/** x and θ of s_0 … s_T: every state the episode passed through, the one after its last action included. */
export function episodeStates(episode: ReplayEpisode): { x: number[]; theta: number[] } {
  const rows = observationRows(episode);
  return { x: rows.map((row) => row[0]), theta: rows.map((row) => row[2]) };
}

/** Why the episode ended, in words. */
export function endingOf(episode: ReplayEpisode): string {
  if (episode.truncated && !episode.terminated) return "time limit reached";
  return Math.abs(episode.finalObservation[0]) > SCENE.xLimit ? "the cart left the track" : "the pole fell";
}

/** The GIF's picture of a state: track, limits, guides, cart, pole. */
function cartPolePicture(x: number, theta: number): Shape[] {
  const shapes = cartPoleShapes(x, theta);
  const line = (a: Point, b: Point, colour: string, thickness = 0.02): Shape => ({ points: segment(a, b, thickness), colour });
  return [
    line([SCENE.xRange[0] + 0.1, SCENE.trackHeight], [SCENE.xRange[1] - 0.1, SCENE.trackHeight], SCENE_COLOURS.track),
    ...[-1, 1].map((side) => line([side * SCENE.xLimit, SCENE.trackHeight - 0.08], [side * SCENE.xLimit, 0.5], SCENE_COLOURS.limit)),
    ...shapes.guides.map(([a, b]) => line(a, b, GIF_GUIDE_COLOUR, 0.01)),
    { points: shapes.cart, colour: SCENE_COLOURS.cart },
    { points: shapes.pole, colour: SCENE_COLOURS.pole },
  ];
}

/** The guides' colour in the GIF, which has no transparency: the red of the limits, faded. */
const GIF_GUIDE_COLOUR = "#f0bebe";

export const CARTPOLE_SCENE: Scene = {
  name: "CartPole",
  observationSize: CARTPOLE.observationSize,
  xRange: SCENE.xRange,
  yRange: SCENE.yRange,
  stepMs: CARTPOLE.tau * 1000,
  xAxisTicks: { tickvals: [-2.4, -1.2, 0, 1.2, 2.4], title: { text: "cart position x" } },
  states: (episode) => {
    const { x, theta } = episodeStates(episode);
    return x.map((xt, t) => [xt, theta[t]]);
  },
  ending: endingOf,
  caption: (_episode, t) => `step ${t} · return so far ${t}`,
  backgroundTraces: (axes, offset) => sceneBackgroundTraces(axes, offset),
  stateTraces: ([x, theta], axes, offset) => sceneStateTraces(offset + x, theta, axes),
  shapes: ([x, theta]) => cartPolePicture(x, theta),
  curves: [
    { title: "pole angle θ (degrees)", range: [-15, 15], value: ([, theta]) => degrees(theta), limit: { value: degrees(SCENE.failureAngle), name: "±12°" } },
    { title: "cart position x", range: [-2.7, 2.7], value: ([x]) => x, limit: { value: SCENE.xLimit, name: "±2.4" } },
  ],
};
