// Replays of CartPole episodes as Plotly animations: the cart and pole moving (Play/Pause, a slider
// over the steps, the step and the return so far), a film strip of a few moments of each episode, and
// the pole angle and cart position over time with a marker at the current step. The film strip and
// the curves are part of the figure, so its PNG copy (what GitHub, nbconvert and a closed notebook
// show, and what JupyterLab saves after drawing it) tells the story without the animation.
import type { Episode } from "../rl/rollout";
import { axis, type Figure, type Layout, type Trace } from "./figure";
import { chartBundle, publish } from "./show";
import type { MimeBundle } from "../core/kernel";
import { PANEL_WIDTH, SCENE, sceneAxisLayouts, sceneBackgroundTraces, sceneStateTraces, type SceneAxes } from "./cartpole_scene";

/** One episode to replay and what to call it ("untrained", "trained, greedy"). */
export interface Replay {
  label: string;
  episode: Pick<Episode, "observations" | "finalObservation" | "length" | "terminated" | "truncated">;
}

const CURVE_COLOURS = ["#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e"];
/** Frames beyond this are thinned (every 2nd, 3rd … step) so that a 500-step episode stays light. */
const MAX_FRAMES = 260;
/** CartPole's time step: 50 steps a second, so playback at 20 ms a step is real time. */
const STEP_MS = 20;

/** x and θ of s_0 … s_T: every state the episode passed through, the one after its last action included. */
export function episodeStates(episode: Replay["episode"]): { x: number[]; theta: number[] } {
  const size = episode.observations.length / episode.length;
  const x: number[] = [];
  const theta: number[] = [];
  for (let t = 0; t < episode.length; t++) {
    x.push(episode.observations[t * size]);
    theta.push(episode.observations[t * size + 2]);
  }
  x.push(episode.finalObservation[0]);
  theta.push(episode.finalObservation[2]);
  return { x, theta };
}

/** Why the episode ended, in words. */
export function endingOf(episode: Replay["episode"]): string {
  if (episode.truncated && !episode.terminated) return "time limit reached";
  return Math.abs(episode.finalObservation[0]) > SCENE.xLimit ? "the cart left the track" : "the pole fell";
}

/** The steps shown in a film strip of `count` frames: the first, the last, and evenly spaced between. */
export function stripSteps(length: number, count: number): number[] {
  if (length <= 0) return [0];
  const steps = Array.from({ length: count }, (_, k) => Math.round((k * length) / (count - 1)));
  return [...new Set(steps)];
}

const axisName = (n: number) => (n === 1 ? "" : String(n));

/** The animated figure of one or more episodes side by side (a fresh policy beside a trained one, say). */
export function replayFigure(replays: Replay[], options: { title?: string; stripFrames?: number } = {}): Figure {
  if (replays.length === 0) throw new Error("replayFigure needs at least one episode");
  const states = replays.map((r) => episodeStates(r.episode));
  const lengths = replays.map((r) => r.episode.length);
  const longest = Math.max(...lengths);
  const stripCount = options.stripFrames ?? 6;

  // Heights in pixels, top to bottom: scenes, one film strip per episode, the curves; then paper fractions.
  const sceneHeight = replays.length === 1 ? 300 : 240;
  const stripHeight = 110;
  const curveHeight = 200;
  const gap = 45;
  const plotHeight = sceneHeight + replays.length * (stripHeight + gap) + gap + curveHeight;
  const height = plotHeight + 190;
  let cursor = 1;
  const band = (pixels: number): [number, number] => {
    const top = cursor;
    cursor -= pixels / plotHeight;
    return [Math.max(0, cursor), top];
  };

  const layout: Layout = {
    title: { text: options.title ?? `CartPole: ${replays.map((r) => r.label).join(" beside ")}` },
    height,
    margin: { t: 70, r: 30, b: 120, l: 60 },
    showlegend: false,
    plot_bgcolor: "white",
    annotations: [] as Record<string, unknown>[],
  };
  const annotations = layout.annotations as Record<string, unknown>[];
  const background: Trace[] = [];
  const dynamicAxes: SceneAxes[] = [];
  let next = 1;
  const newAxes = (domain: { x: [number, number]; y: [number, number] }, ticks: boolean, panels = 1): SceneAxes => {
    const n = next++;
    const names = { xaxis: `x${axisName(n)}`, yaxis: `y${axisName(n)}` };
    const { xaxis, yaxis } = sceneAxisLayouts(domain, names.yaxis, names.xaxis, ticks, panels);
    layout[`xaxis${axisName(n)}`] = xaxis;
    layout[`yaxis${axisName(n)}`] = yaxis;
    return names;
  };

  // 1. the animated scenes, side by side
  const sceneBand = band(sceneHeight);
  const columnWidth = 1 / replays.length;
  replays.forEach((replay, i) => {
    const axes = newAxes({ x: [i * columnWidth + 0.02, (i + 1) * columnWidth - 0.02], y: sceneBand }, true);
    dynamicAxes.push(axes);
    background.push(...sceneBackgroundTraces(axes));
    annotations.push({ text: `<b>${replay.label}</b>: ${lengths[i]} steps, ${endingOf(replay.episode)}`, xref: "paper", yref: "paper", x: (i + 0.5) * columnWidth, y: sceneBand[1], xanchor: "center", yanchor: "bottom", showarrow: false, font: { color: CURVE_COLOURS[i % CURVE_COLOURS.length], size: 13 } });
  });

  // 2. a film strip of each episode: a few moments side by side in one subplot, drawn once (they are in
  // the PNG too). Each strip also gets an invisible trace that the frames touch: Plotly clears a subplot
  // none of whose traces an animation frame names.
  const stripKeepers: SceneAxes[] = [];
  replays.forEach((replay, i) => {
    cursor -= gap / plotHeight;
    const stripBand = band(stripHeight);
    const steps = stripSteps(lengths[i], stripCount);
    const axes = newAxes({ x: [0, 1], y: stripBand }, false, steps.length);
    stripKeepers.push(axes);
    steps.forEach((t, k) => {
      const offset = k * PANEL_WIDTH;
      background.push(...sceneBackgroundTraces(axes, offset), ...sceneStateTraces(offset + states[i].x[t], states[i].theta[t], axes));
      annotations.push({ text: `${replays.length > 1 ? `${replay.label}, ` : ""}t = ${t}`, xref: axes.xaxis, yref: "paper", x: offset, y: stripBand[1], xanchor: "center", yanchor: "bottom", showarrow: false, font: { size: 11, color: "#555555" } });
    });
  });

  // 3. pole angle and cart position over time, with the ends of the episode marked
  cursor -= gap / plotHeight;
  const curveBand = band(curveHeight);
  const angleAxes = { xaxis: `x${axisName(next)}`, yaxis: `y${axisName(next)}` };
  layout[`xaxis${axisName(next)}`] = { ...axis("step t"), domain: [0, 0.46], anchor: angleAxes.yaxis, range: [0, longest] };
  layout[`yaxis${axisName(next)}`] = { ...axis("pole angle θ (degrees)"), domain: curveBand, anchor: angleAxes.xaxis, range: [-15, 15] };
  next++;
  const positionAxes = { xaxis: `x${axisName(next)}`, yaxis: `y${axisName(next)}` };
  layout[`xaxis${axisName(next)}`] = { ...axis("step t"), domain: [0.54, 1], anchor: positionAxes.yaxis, range: [0, longest] };
  layout[`yaxis${axisName(next)}`] = { ...axis("cart position x"), domain: curveBand, anchor: positionAxes.xaxis, range: [-2.7, 2.7] };
  next++;
  const degrees = (radians: number) => (radians * 180) / Math.PI;
  const limitDegrees = degrees(SCENE.failureAngle);
  background.push(
    { ...angleAxes, x: [0, longest, null, 0, longest], y: [limitDegrees, limitDegrees, null, -limitDegrees, -limitDegrees], mode: "lines", line: { color: SCENE_LIMIT_COLOUR, dash: "dash", width: 1 }, hoverinfo: "skip", name: "±12°" },
    { ...positionAxes, x: [0, longest, null, 0, longest], y: [SCENE.xLimit, SCENE.xLimit, null, -SCENE.xLimit, -SCENE.xLimit], mode: "lines", line: { color: SCENE_LIMIT_COLOUR, dash: "dash", width: 1 }, hoverinfo: "skip", name: "±2.4" },
    ...replays.flatMap((replay, i) => {
      const steps = states[i].x.map((_, t) => t);
      const colour = CURVE_COLOURS[i % CURVE_COLOURS.length];
      return [
        { ...angleAxes, x: steps, y: states[i].theta.map(degrees), mode: "lines", line: { color: colour, width: 1.5 }, name: `θ, ${replay.label}` },
        { ...positionAxes, x: steps, y: states[i].x, mode: "lines", line: { color: colour, width: 1.5 }, name: `x, ${replay.label}` },
      ];
    }),
  );

  // 4. what the frames move: each scene's state and caption, and the "now" markers on the curves
  const frameTraces = (t: number): Trace[] => [
    ...replays.flatMap((replay, i) => {
      const at = Math.min(t, lengths[i]);
      const caption = t <= lengths[i] ? `step ${t} · return so far ${t}` : `ended at step ${lengths[i]}: ${endingOf(replay.episode)}`;
      return [
        ...sceneStateTraces(states[i].x[at], states[i].theta[at], dynamicAxes[i]),
        { ...dynamicAxes[i], x: [0], y: [SCENE.yRange[1] - 0.08], mode: "text", text: [caption], textfont: { size: 12, color: "#333333" }, hoverinfo: "skip" },
      ];
    }),
    { ...angleAxes, x: [t, t], y: [-15, 15], mode: "lines", line: { color: "#333333", width: 1 }, hoverinfo: "skip", name: "now" },
    { ...positionAxes, x: [t, t], y: [-2.7, 2.7], mode: "lines", line: { color: "#333333", width: 1 }, hoverinfo: "skip", name: "now" },
    ...stripKeepers.map((axes) => ({ ...axes, x: [SCENE.xRange[0]], y: [SCENE.yRange[0]], mode: "markers", marker: { opacity: 0 }, hoverinfo: "skip", name: "" })),
  ];
  const dynamicStart = background.length;
  const dynamicCount = frameTraces(0).length;
  const stride = Math.max(1, Math.ceil((longest + 1) / MAX_FRAMES));
  const steps: number[] = [];
  for (let t = 0; t < longest; t += stride) steps.push(t);
  steps.push(longest);
  // a frame carries only what changes (positions, captions); styles stay those of the first frame's traces
  const changes = (trace: Trace): Trace => Object.fromEntries(Object.entries(trace).filter(([key]) => key === "x" || key === "y" || key === "text"));
  const frames = steps.map((t) => ({ name: String(t), data: frameTraces(t).map(changes), traces: Array.from({ length: dynamicCount }, (_, k) => dynamicStart + k) }));

  const still = { frame: { duration: 0, redraw: false }, transition: { duration: 0 }, mode: "immediate" };
  layout.updatemenus = [{
    type: "buttons", direction: "left", x: 0, y: 0, xanchor: "left", yanchor: "top", pad: { t: 80, r: 10 }, showactive: false,
    buttons: [
      { label: "▶ Play", method: "animate", args: [null, { ...still, frame: { duration: STEP_MS * stride, redraw: false }, fromcurrent: true }] },
      { label: "❚❚ Pause", method: "animate", args: [[null], still] },
    ],
  }];
  layout.sliders = [{
    active: 0, x: 0.2, len: 0.8, y: 0, yanchor: "top", pad: { t: 65 }, currentvalue: { prefix: "step ", visible: true, xanchor: "left", font: { color: "#333333" } },
    // one tick per frame is too many to label: the current step is shown above the slider instead
    font: { color: "rgba(0,0,0,0)" }, ticklen: 0, minorticklen: 0,
    steps: steps.map((t) => ({ label: String(t), method: "animate", args: [[String(t)], still] })),
  }];
  return { data: [...background, ...frameTraces(0)], layout, frames, config: { displaylogo: false, responsive: true } };
}

const SCENE_LIMIT_COLOUR = "rgba(214,39,40,0.6)";

/** Shows the replay in a notebook (Play, Pause and a slider; its PNG copy has the film strips and curves). */
export async function showReplay(replays: Replay[], options: { title?: string } = {}): Promise<MimeBundle | undefined> {
  const fig = replayFigure(replays, options);
  return publish(await chartBundle(fig, { text: `${fig.layout.title ? (fig.layout.title as { text: string }).text : "CartPole replay"} (${(fig.frames ?? []).length} frames)` }));
}
