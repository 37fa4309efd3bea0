// CartPole replays: the scene's geometry by hand, the animation's frames, the film strip's steps, the
// GIF's frames and pixels.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cartPoleShapes, SCENE } from "../../src/display/cartpole_scene";
import { endingOf, episodeStates, replayFigure, stripSteps, type Replay } from "../../src/display/replay";
import { drawFrame, GIF_SIZE, replayGif } from "../../src/display/replay_gif";

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
  const pixels = drawFrame(0, 0, 0.5, false);
  const scale = GIF_SIZE.width / (SCENE.xRange[1] - SCENE.xRange[0]);
  const at = (wx: number, wy: number) => pixels[Math.round((SCENE.yRange[1] - wy) * scale) * GIF_SIZE.width + Math.round((wx - SCENE.xRange[0]) * scale)];
  assert.equal(at(0, 0.6), 4, "pole colour half-way up an upright pole");
  assert.equal(at(0, -0.05), 3, "cart colour below the hinge");
  assert.equal(at(1.5, 0.6), 0, "background beside the pole");
  const barRow = GIF_SIZE.sceneHeight + 4;
  assert.equal(pixels[barRow * GIF_SIZE.width + Math.round(0.25 * GIF_SIZE.width)], 6, "the bar is filled up to the middle");
  assert.equal(pixels[barRow * GIF_SIZE.width + Math.round(0.75 * GIF_SIZE.width)], 7, "and empty beyond");
});
