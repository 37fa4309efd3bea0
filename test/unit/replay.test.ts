// Replays: CartPole's and Pendulum's scenes by hand, the animation's frames, the film strip's steps, the
// GIF's frames and pixels.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CARTPOLE_SCENE, cartPoleShapes, endingOf, episodeStates, SCENE, SCENE_COLOURS } from "../../src/display/cartpole_scene";
import { PENDULUM_SCENE, rodShape } from "../../src/display/pendulum_scene";
import { replayFigure, stripSteps, type Replay } from "../../src/display/replay";
import { drawFrame, GIF_SIZE, paletteOf, replayGif, sceneHeight } from "../../src/display/replay_gif";

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

/** An episode whose cart moves 0.01 per step and whose pole leans 0.01 rad more each step. */
function episode(length: number, ending: "fell" | "left" | "time limit"): Replay["episode"] {
  const observations = new Float32Array(4 * length);
  for (let t = 0; t < length; t++) observations.set([0.01 * t, 0, 0.01 * t, 0], 4 * t);
  const final = ending === "left" ? [2.5, 0, 0, 0] : [0.01 * length, 0, 0.01 * length, 0];
  return { observations, finalObservation: Float32Array.from(final), length, terminated: ending !== "time limit", truncated: ending === "time limit" };
}

test("the scene by hand: the pole stands on the hinge, leans right for θ > 0, and the ±12° guides are where the episode ends", () => {
  const upright = cartPoleShapes(1, 0);
  assert.deepEqual(upright.pivot, [1, SCENE.pivotHeight]);
  // the pole's far edge is (length − width/2) above the hinge
  close((upright.pole[2][1] + upright.pole[3][1]) / 2, SCENE.pivotHeight + SCENE.poleLength - SCENE.poleWidth / 2);
  close((upright.pole[2][0] + upright.pole[3][0]) / 2, 1);
  const theta = 0.1;
  const leaning = cartPoleShapes(1, theta);
  const reach = SCENE.poleLength - SCENE.poleWidth / 2;
  close((leaning.pole[2][0] + leaning.pole[3][0]) / 2, 1 + reach * Math.sin(theta));
  close((leaning.pole[2][1] + leaning.pole[3][1]) / 2, SCENE.pivotHeight + reach * Math.cos(theta));
  const [left, right] = leaning.guides;
  close(right[1][0] - 1, SCENE.poleLength * Math.sin((12 * Math.PI) / 180));
  close(left[1][0] - 1, -SCENE.poleLength * Math.sin((12 * Math.PI) / 180));
  // the cart is centred on x and as wide as Gymnasium draws it
  close(upright.cart[1][0] - upright.cart[0][0], 0.4);
  close((upright.cart[1][0] + upright.cart[0][0]) / 2, 1);
});

test("an episode's states are s_0 … s_T, the state after the last action included, and its ending is named", () => {
  const e = episode(5, "fell");
  const { x, theta } = episodeStates(e);
  assert.equal(x.length, 6);
  close(x[5], 0.05, 1e-7);
  close(theta[4], 0.04, 1e-7);
  assert.equal(endingOf(e), "the pole fell");
  assert.equal(endingOf(episode(5, "left")), "the cart left the track");
  assert.equal(endingOf(episode(5, "time limit")), "time limit reached");
  assert.deepEqual(stripSteps(16, 6), [0, 3, 6, 10, 13, 16]);
  assert.deepEqual(stripSteps(2, 6), [0, 1, 2]);
});

test("the replay's frames move only the moving traces, one per step, and a finished episode stays at its last state", () => {
  const short = episode(4, "fell");
  const long = episode(30, "time limit");
  const fig = replayFigure([{ label: "short", episode: short }, { label: "long", episode: long }]);
  const frames = fig.frames as { name: string; data: Record<string, number[]>[]; traces: number[] }[];
  assert.deepEqual(frames.map((f) => Number(f.name)), Array.from({ length: 31 }, (_, t) => t));
  for (const frame of frames) {
    assert.equal(frame.data.length, frame.traces.length);
    assert.ok(frame.traces.every((i) => i >= 0 && i < fig.data.length));
  }
  // the first frame is what the figure shows before Play
  frames[0].traces.forEach((i, k) => assert.deepEqual(frames[0].data[k].x, fig.data[i].x));
  // the moving traces of the first scene are its guides, cart, pole, hinge and caption: the pole is the third
  const poleOfShort = 2;
  assert.deepEqual(frames[10].data[poleOfShort].x, frames[4].data[poleOfShort].x);
  assert.notDeepEqual(frames[3].data[poleOfShort].x, frames[4].data[poleOfShort].x);
  const sliders = fig.layout.sliders as { steps: { label: string }[] }[];
  assert.deepEqual(sliders[0].steps.map((s) => s.label), frames.map((f) => f.name));
  // a 500-step episode is thinned to at most 260 frames, and the last state is still shown
  const thinned = replayFigure([{ label: "long", episode: episode(500, "time limit") }]).frames as { name: string }[];
  assert.ok(thinned.length <= 261);
  assert.equal(thinned[thinned.length - 1].name, "500");
});

test("the GIF: a frame per second step plus a held last frame, the pole drawn above the cart, the bar as far as the episode", () => {
  const bytes = replayGif(episode(9, "fell"));
  assert.equal(Buffer.from(bytes.subarray(0, 6)).toString("ascii"), "GIF89a");
  let frames = 0;
  for (let i = 0; i + 2 < bytes.length; i++) if (bytes[i] === 0x21 && bytes[i + 1] === 0xf9 && bytes[i + 2] === 0x04) frames++;
  assert.equal(frames, 5 + 1); // states 0, 2, 4, 6, 8 of s_0 … s_9, then the last state held
  const palette = paletteOf(CARTPOLE_SCENE, [[0, 0]]);
  const pixels = drawFrame(CARTPOLE_SCENE, [0, 0], 0.5, false, palette);
  const scale = GIF_SIZE.width / (SCENE.xRange[1] - SCENE.xRange[0]);
  const at = (wx: number, wy: number) => pixels[Math.round((SCENE.yRange[1] - wy) * scale) * GIF_SIZE.width + Math.round((wx - SCENE.xRange[0]) * scale)];
  assert.equal(at(0, 0.6), palette.get(SCENE_COLOURS.pole), "pole colour half-way up an upright pole");
  assert.equal(at(0, -0.05), palette.get(SCENE_COLOURS.cart), "cart colour below the hinge");
  assert.equal(at(1.5, 0.6), 0, "background beside the pole");
  const barRow = sceneHeight(CARTPOLE_SCENE) + 4;
  assert.equal(pixels[barRow * GIF_SIZE.width + Math.round(0.25 * GIF_SIZE.width)], palette.get("#1f77b4"), "the bar is filled up to the middle");
  assert.equal(pixels[barRow * GIF_SIZE.width + Math.round(0.75 * GIF_SIZE.width)], palette.get("#dcdcdc"), "and empty beyond");
});

/** A Pendulum episode whose rod turns 0.1 rad a step from θ = π/2, every reward −1. */
function pendulumEpisode(length: number): Replay["episode"] {
  const observation = (t: number) => [Math.cos(Math.PI / 2 + 0.1 * t), Math.sin(Math.PI / 2 + 0.1 * t), 2];
  const observations = Float32Array.from(Array.from({ length }, (_, t) => observation(t)).flat());
  return { observations, finalObservation: Float32Array.from(observation(length)), length, terminated: false, truncated: true, rewards: new Float32Array(length).fill(-1) };
}

test("Pendulum's scene: θ from cos and sin, the rod's tip at (−sin θ, cos θ), the return so far from the rewards, a GIF of its own height", () => {
  const e = pendulumEpisode(6);
  const states = PENDULUM_SCENE.states(e);
  assert.equal(states.length, 7);
  close(states[0][0], Math.PI / 2, 1e-6);
  close(states[3][0], Math.PI / 2 + 0.3, 1e-6);
  close(states[6][1], 2);
  // θ = π/2 (a quarter turn anticlockwise from upright): the tip points left, level with the pivot
  const rod = rodShape(Math.PI / 2);
  close((rod[1][0] + rod[2][0]) / 2, -1, 1e-9);
  close((rod[1][1] + rod[2][1]) / 2, 0, 1e-9);
  assert.equal(PENDULUM_SCENE.caption(e, 4), "step 4 · return so far -4.0");
  assert.equal(PENDULUM_SCENE.ending(e), "time limit reached");

  const fig = replayFigure([{ label: "turning", episode: e }], { scene: PENDULUM_SCENE });
  assert.match((fig.layout.title as { text: string }).text, /^Pendulum: turning/);
  assert.equal((fig.frames as unknown[]).length, 7);
  const angle = fig.data.find((trace) => trace.name === "distance from upright |θ| (degrees), turning")!;
  close((angle.y as number[])[3], ((Math.PI / 2 + 0.3) * 180) / Math.PI, 1e-4);
  // past the bottom θ wraps to −180° + …, and |θ| keeps the distance from upright
  const wrapped = PENDULUM_SCENE.states({ ...pendulumEpisode(1), finalObservation: Float32Array.from([Math.cos(3.3), Math.sin(3.3), 0]) });
  close(PENDULUM_SCENE.curves[0].value(wrapped[1]), ((2 * Math.PI - 3.3) * 180) / Math.PI, 1e-4);

  const palette = paletteOf(PENDULUM_SCENE, states);
  const pixels = drawFrame(PENDULUM_SCENE, [Math.PI / 2, 0], 0, false, palette);
  const scale = GIF_SIZE.width / (PENDULUM_SCENE.xRange[1] - PENDULUM_SCENE.xRange[0]);
  const at = (wx: number, wy: number) => pixels[Math.round((PENDULUM_SCENE.yRange[1] - wy) * scale) * GIF_SIZE.width + Math.round((wx - PENDULUM_SCENE.xRange[0]) * scale)];
  assert.equal(at(-0.6, 0), palette.get("#c8873a"), "rod colour left of the pivot for θ = π/2");
  assert.equal(at(0.6, 0), 0, "background to its right");
  assert.equal(sceneHeight(PENDULUM_SCENE), GIF_SIZE.width, "a square world, a square scene");
  assert.equal(Buffer.from(replayGif(e, 2, PENDULUM_SCENE).subarray(0, 6)).toString("ascii"), "GIF89a");
  // drawn with CartPole's scene (the default) it is refused, with the way out named
  assert.throws(() => replayFigure([{ label: "turning", episode: e }]), /observations have 3 numbers, and the CartPole scene draws observations of 4: pass the episode's own scene, \{ scene: sceneFor/);
  assert.throws(() => replayGif(e), /the CartPole scene draws observations of 4/);
});
