// Replays of episodes as Plotly animations, for any environment with a scene (display/scene.ts:
// CartPole's cart and pole, Pendulum's rod): the scene moving (Play/Pause, a slider over the steps, the
// step and the return so far), a film strip of a few moments of each episode, and two quantities of the
// state over time with a marker at the current step. The film strip and the curves are part of the
// figure, so its PNG copy (what GitHub, nbconvert and a closed notebook show, and what JupyterLab saves
// after drawing it) tells the story without the animation.
import { axis, type Figure, type Layout, type Trace } from "./figure";
import { chartBundle, publish } from "./show";
import type { MimeBundle } from "../core/kernel";
import { CARTPOLE_SCENE } from "./cartpole_scene";
import { checkEpisodeFits, type ReplayEpisode, type Scene, type SceneAxes } from "./scene";

/** One episode to replay and what to call it ("untrained", "trained, greedy"). */
export interface Replay {
  label: string;
  episode: ReplayEpisode;
}

const CURVE_COLOURS = ["#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e"];
/** Frames beyond this are thinned (every 2nd, 3rd … step) so that a 500-step episode stays light. */
const MAX_FRAMES = 260;

/** The steps shown in a film strip of `count` frames: the first, the last, and evenly spaced between. */
export function stripSteps(length: number, count: number): number[] {
  if (length <= 0) return [0];
  const steps = Array.from({ length: count }, (_, k) => Math.round((k * length) / (count - 1)));
  return [...new Set(steps)];
}

/** The axes of a scene (or of `panels` scenes side by side): the world's proportions kept, no grid. */
function sceneAxisLayouts(scene: Scene, domain: { x: [number, number]; y: [number, number] }, yAnchorName: string, xAnchorName: string, showTicks: boolean, panels = 1): { xaxis: Record<string, unknown>; yaxis: Record<string, unknown> } {
  const width = scene.xRange[1] - scene.xRange[0];
  return {
    xaxis: { domain: domain.x, range: [scene.xRange[0], scene.xRange[0] + panels * width], anchor: yAnchorName, showgrid: false, zeroline: false, fixedrange: true, ...(showTicks ? scene.xAxisTicks : { showticklabels: false }) },
    yaxis: { domain: domain.y, range: scene.yRange, anchor: xAnchorName, scaleanchor: xAnchorName, scaleratio: 1, constrain: "domain", showgrid: false, zeroline: false, showticklabels: false, fixedrange: true },
  };
}

const axisName = (n: number) => (n === 1 ? "" : String(n));

/** The animated figure of one or more episodes side by side (a fresh policy beside a trained one, say); CartPole's scene unless `scene` says otherwise. */
export function replayFigure(replays: Replay[], options: { title?: string; stripFrames?: number; scene?: Scene } = {}): Figure {
  if (replays.length === 0) throw new Error("replayFigure needs at least one episode");
  const scene = options.scene ?? CARTPOLE_SCENE;
  for (const replay of replays) checkEpisodeFits(scene, replay.episode);
  const panelWidth = scene.xRange[1] - scene.xRange[0];
  const states = replays.map((r) => scene.states(r.episode));
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
    title: { text: options.title ?? `${scene.name}: ${replays.map((r) => r.label).join(" beside ")}` },
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
    const { xaxis, yaxis } = sceneAxisLayouts(scene, domain, names.yaxis, names.xaxis, ticks, panels);
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
    background.push(...scene.backgroundTraces(axes, 0));
    annotations.push({ text: `<b>${replay.label}</b>: ${lengths[i]} steps, ${scene.ending(replay.episode)}`, xref: "paper", yref: "paper", x: (i + 0.5) * columnWidth, y: sceneBand[1], xanchor: "center", yanchor: "bottom", showarrow: false, font: { color: CURVE_COLOURS[i % CURVE_COLOURS.length], size: 13 } });
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
      const offset = k * panelWidth;
      background.push(...scene.backgroundTraces(axes, offset), ...scene.stateTraces(states[i][t], axes, offset));
      annotations.push({ text: `${replays.length > 1 ? `${replay.label}, ` : ""}t = ${t}`, xref: axes.xaxis, yref: "paper", x: offset, y: stripBand[1], xanchor: "center", yanchor: "bottom", showarrow: false, font: { size: 11, color: "#555555" } });
    });
  });

  // 3. the scene's two curves over time (CartPole: pole angle and cart position), with their limits dashed
  cursor -= gap / plotHeight;
  const curveBand = band(curveHeight);
  const curveAxes = scene.curves.map((curve, c) => {
    const names = { xaxis: `x${axisName(next)}`, yaxis: `y${axisName(next)}` };
    layout[`xaxis${axisName(next)}`] = { ...axis("step t"), domain: c === 0 ? [0, 0.46] : [0.54, 1], anchor: names.yaxis, range: [0, longest] };
    layout[`yaxis${axisName(next)}`] = { ...axis(curve.title), domain: curveBand, anchor: names.xaxis, range: curve.range };
    next++;
    return names;
  });
  scene.curves.forEach((curve, c) => {
    if (curve.limit) {
      const v = curve.limit.value;
      background.push({ ...curveAxes[c], x: [0, longest, null, 0, longest], y: [v, v, null, -v, -v], mode: "lines", line: { color: SCENE_LIMIT_COLOUR, dash: "dash", width: 1 }, hoverinfo: "skip", name: curve.limit.name });
    }
    replays.forEach((replay, i) => {
      const colour = CURVE_COLOURS[i % CURVE_COLOURS.length];
      background.push({ ...curveAxes[c], x: states[i].map((_, t) => t), y: states[i].map(curve.value), mode: "lines", line: { color: colour, width: 1.5 }, name: `${curve.title}, ${replay.label}` });
    });
  });

  // 4. what the frames move: each scene's state and caption, and the "now" markers on the curves
  const frameTraces = (t: number): Trace[] => [
    ...replays.flatMap((replay, i) => {
      const at = Math.min(t, lengths[i]);
      const caption = t <= lengths[i] ? scene.caption(replay.episode, t) : `ended at step ${lengths[i]}: ${scene.ending(replay.episode)}`;
      return [
        ...scene.stateTraces(states[i][at], dynamicAxes[i], 0),
        { ...dynamicAxes[i], x: [scene.xRange[0] + (scene.xRange[1] - scene.xRange[0]) / 2], y: [scene.yRange[1] - 0.08], mode: "text", text: [caption], textfont: { size: 12, color: "#333333" }, hoverinfo: "skip" },
      ];
    }),
    ...scene.curves.map((curve, c) => ({ ...curveAxes[c], x: [t, t], y: curve.range, mode: "lines", line: { color: "#333333", width: 1 }, hoverinfo: "skip", name: "now" })),
    ...stripKeepers.map((axes) => ({ ...axes, x: [scene.xRange[0]], y: [scene.yRange[0]], mode: "markers", marker: { opacity: 0 }, hoverinfo: "skip", name: "" })),
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
      { label: "▶ Play", method: "animate", args: [null, { ...still, frame: { duration: scene.stepMs * stride, redraw: false }, fromcurrent: true }] },
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
export async function showReplay(replays: Replay[], options: { title?: string; scene?: Scene } = {}): Promise<MimeBundle | undefined> {
  const fig = replayFigure(replays, options);
  return publish(await chartBundle(fig, { text: `${(fig.layout.title as { text: string }).text} (${(fig.frames ?? []).length} frames)` }));
}
