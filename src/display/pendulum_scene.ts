// How a Pendulum-v1 state looks, as Gymnasium draws it: a rod of length 1 on a fixed pivot, θ = 0
// upright, θ > 0 turning it anticlockwise (its tip at (−sin θ, cos θ)), with a dotted line to the top,
// the goal. The angle θ = atan2(sin θ, cos θ) comes from the observation [cos θ, sin θ, θ̇]. The
// curves below the scene are the distance from upright |θ| and the angular speed, whose ±8 is the speed clip.
import { PENDULUM } from "../envs/pendulum";
import { closed, degrees, observationRows, returnSoFar, round, segment, type Point, type Scene, type Shape } from "./scene";

const ROD = { length: 1, width: 0.16 };
const COLOURS = { rod: "#c8873a", pivot: "#444444", goal: "#2ca02c" };
const RANGE: [number, number] = [-1.35, 1.35];

/** The rod as a polygon: a `width`-wide bar from the pivot to its tip. */
export function rodShape(theta: number): Point[] {
  const tip: Point = [-ROD.length * Math.sin(theta), ROD.length * Math.cos(theta)];
  return segment([0, 0], tip, ROD.width);
}

/** The pivot as a small octagon. */
function pivotShape(radius = 0.07): Point[] {
  return Array.from({ length: 8 }, (_, k) => [radius * Math.cos((k * Math.PI) / 4), radius * Math.sin((k * Math.PI) / 4)] as Point);
}

export const PENDULUM_SCENE: Scene = {
  name: "Pendulum",
  observationSize: PENDULUM.observationSize,
  xRange: RANGE,
  yRange: RANGE,
  stepMs: PENDULUM.dt * 1000,
  xAxisTicks: { showticklabels: false },
  // [θ, θ̇]: θ recovered from cos θ and sin θ, in (−π, π]
  states: (episode) => observationRows(episode).map(([cos, sin, speed]) => [Math.atan2(sin, cos), speed]),
  // Pendulum never ends on its own: only the time limit (or a caller) stops it
  ending: (episode) => (episode.truncated ? "time limit reached" : "stopped before the time limit"),
  caption: (episode, t) => {
    const soFar = returnSoFar(episode, t);
    return Number.isNaN(soFar) ? `step ${t}` : `step ${t} · return so far ${soFar.toFixed(1)}`;
  },
  backgroundTraces: (axes, offset) => [
    { ...axes, mode: "lines", x: [offset, offset].map(round), y: [0, 1.25], line: { color: COLOURS.goal, width: 1.5, dash: "dot" }, hoverinfo: "skip", showlegend: false, name: "upright: the goal" },
  ],
  stateTraces: ([theta], axes, offset) => {
    const shift = (points: Point[]) => points.map(([x, y]) => [x + offset, y] as Point);
    const common = { ...axes, hoverinfo: "skip", showlegend: false };
    return [
      { ...common, mode: "lines", fill: "toself", ...closed(shift(rodShape(theta))), line: { color: COLOURS.rod, width: 1 }, fillcolor: COLOURS.rod, name: "rod" },
      { ...common, mode: "markers", x: [round(offset)], y: [0], marker: { color: COLOURS.pivot, size: 8 }, name: "pivot" },
    ];
  },
  shapes: ([theta]): Shape[] => [
    { points: segment([0, 0], [0, 1.25], 0.015), colour: COLOURS.goal },
    { points: rodShape(theta), colour: COLOURS.rod },
    { points: pivotShape(), colour: COLOURS.pivot },
  ],
  curves: [
    // |θ|, not θ: a rod swinging through the bottom would jump between +180° and −180° every pass
    { title: "distance from upright |θ| (degrees)", range: [0, 185], value: ([theta]) => Math.abs(degrees(theta)) },
    { title: "angular speed θ̇ (rad/s)", range: [-8.5, 8.5], value: ([, speed]) => speed, limit: { value: PENDULUM.maxSpeed, name: "±8: the speed clip" } },
  ],
};
