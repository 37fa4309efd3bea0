// A replay as an animated GIF, the command line's counterpart of a notebook replay (and of the
// Hugging Face course's video): the same shapes as the Plotly scenes (display/cartpole_scene.ts),
// filled into a small indexed bitmap per frame and encoded with gifenc (a GIF encoder in plain
// JavaScript, so no browser is needed). Below the scene a bar fills as the episode goes on, and
// turns red in its last frames if the pole fell or the cart left the track.
import { GIFEncoder } from "gifenc";
import { cartPoleShapes, SCENE, type Point } from "./cartpole_scene";
import { episodeStates, type Replay } from "./replay";

const PALETTE = [
  [255, 255, 255], // 0 background
  [119, 119, 119], // 1 track
  [214, 39, 40], // 2 limits, failure
  [68, 68, 68], // 3 cart
  [200, 135, 58], // 4 pole
  [240, 190, 190], // 5 ±12° guides
  [31, 119, 180], // 6 progress
  [220, 220, 220], // 7 progress background
];
const COLOUR = { background: 0, track: 1, limit: 2, cart: 3, pole: 4, guide: 5, progress: 6, progressBackground: 7 };

export const GIF_SIZE = { width: 480, sceneHeight: 140, barHeight: 8 };

/** Fills a convex polygon (pixel coordinates) with a palette index. */
function fillPolygon(pixels: Uint8Array, width: number, height: number, points: Point[], colour: number): void {
  const ys = points.map((p) => p[1]);
  const top = Math.max(0, Math.ceil(Math.min(...ys) - 0.5));
  const bottom = Math.min(height - 1, Math.floor(Math.max(...ys) - 0.5));
  for (let row = top; row <= bottom; row++) {
    const y = row + 0.5;
    let left = Infinity;
    let right = -Infinity;
    points.forEach((a, i) => {
      const b = points[(i + 1) % points.length];
      if ((a[1] <= y && b[1] > y) || (b[1] <= y && a[1] > y)) {
        const x = a[0] + ((y - a[1]) / (b[1] - a[1])) * (b[0] - a[0]);
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    });
    for (let col = Math.max(0, Math.round(left)); col < Math.min(width, Math.round(right)); col++) pixels[row * width + col] = colour;
  }
}

/** A segment as a thin quadrilateral, so that lines are filled like every other shape. */
function segment(a: Point, b: Point, thickness: number): Point[] {
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
  const nx = (-(b[1] - a[1]) / length) * (thickness / 2);
  const ny = ((b[0] - a[0]) / length) * (thickness / 2);
  return [[a[0] + nx, a[1] + ny], [b[0] + nx, b[1] + ny], [b[0] - nx, b[1] - ny], [a[0] - nx, a[1] - ny]];
}

/** One frame: the state (x, θ) and how far through the episode it is. */
export function drawFrame(x: number, theta: number, progress: number, failed: boolean): Uint8Array {
  const { width, sceneHeight, barHeight } = GIF_SIZE;
  const height = sceneHeight + barHeight;
  const pixels = new Uint8Array(width * height);
  const scale = width / (SCENE.xRange[1] - SCENE.xRange[0]);
  const toPixels = ([wx, wy]: Point): Point => [(wx - SCENE.xRange[0]) * scale, (SCENE.yRange[1] - wy) * scale];
  const shapes = cartPoleShapes(x, theta);
  const line = (a: Point, b: Point, colour: number, thickness = 2) => fillPolygon(pixels, width, height, segment(toPixels(a), toPixels(b), thickness), colour);
  line([SCENE.xRange[0] + 0.1, SCENE.trackHeight], [SCENE.xRange[1] - 0.1, SCENE.trackHeight], COLOUR.track);
  for (const side of [-1, 1]) line([side * SCENE.xLimit, SCENE.trackHeight - 0.08], [side * SCENE.xLimit, 0.5], COLOUR.limit);
  for (const [a, b] of shapes.guides) line(a, b, COLOUR.guide, 1);
  fillPolygon(pixels, width, height, shapes.cart.map(toPixels), COLOUR.cart);
  fillPolygon(pixels, width, height, shapes.pole.map(toPixels), COLOUR.pole);
  const bar = (from: number, to: number, colour: number) => fillPolygon(pixels, width, height, [[from, sceneHeight + 2], [to, sceneHeight + 2], [to, height - 1], [from, height - 1]], colour);
  bar(0, width, COLOUR.progressBackground);
  bar(0, progress * width, failed ? COLOUR.limit : COLOUR.progress);
  return pixels;
}

/** The episode as GIF bytes: every `stride`-th state, at the simulation's own pace (20 ms a step), looping. */
export function replayGif(episode: Replay["episode"], stride = 2): Uint8Array {
  const { x, theta } = episodeStates(episode);
  const failed = episode.terminated;
  const gif = GIFEncoder();
  const height = GIF_SIZE.sceneHeight + GIF_SIZE.barHeight;
  const last = x.length - 1;
  for (let t = 0; t <= last; t += stride) {
    gif.writeFrame(drawFrame(x[t], theta[t], t / Math.max(1, last), failed && t + stride > last), GIF_SIZE.width, height, { palette: PALETTE, delay: 20 * stride });
  }
  // hold the last state for a second before the loop starts again
  gif.writeFrame(drawFrame(x[last], theta[last], 1, failed), GIF_SIZE.width, height, { palette: PALETTE, delay: 1000 });
  gif.finish();
  return gif.bytes();
}
