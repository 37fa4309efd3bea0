// A replay as an animated GIF, the command line's counterpart of a notebook replay (and of the
// Hugging Face course's video): the scene's own shapes (display/scene.ts: CartPole's cart and pole,
// Pendulum's rod), filled into a small indexed bitmap per frame and encoded with gifenc (a GIF encoder in
// plain JavaScript, so no browser is needed). Below the scene a bar fills as the episode goes on, and
// turns red in its last frames if the episode ended by the environment's own rule (the pole fell).
import { GIFEncoder } from "gifenc";
import { CARTPOLE_SCENE } from "./cartpole_scene";
import { checkEpisodeFits, type Point, type ReplayEpisode, type Scene } from "./scene";

/** The bar's colours; the scene's colours follow them in the palette. */
const BAR = { background: "#ffffff", failure: "#d62728", progress: "#1f77b4", empty: "#dcdcdc" };

export const GIF_SIZE = { width: 480, barHeight: 8 };

/** The scene's height in pixels: its world's proportions at GIF_SIZE.width. */
export function sceneHeight(scene: Scene): number {
  return Math.round((GIF_SIZE.width * (scene.yRange[1] - scene.yRange[0])) / (scene.xRange[1] - scene.xRange[0]));
}

const rgb = (hex: string): number[] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

/** Palette index per "#rrggbb": the bar's colours first (white background is 0), then every colour the scene draws. */
export function paletteOf(scene: Scene, states: number[][]): Map<string, number> {
  const colours = new Map<string, number>();
  for (const colour of [...Object.values(BAR), ...states.flatMap((state) => scene.shapes(state).map((shape) => shape.colour))]) {
    if (!colours.has(colour)) colours.set(colour, colours.size);
  }
  return colours;
}

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

/** One frame: the scene's state and how far through the episode it is. */
export function drawFrame(scene: Scene, state: number[], progress: number, failed: boolean, palette: Map<string, number>): Uint8Array {
  const { width, barHeight } = GIF_SIZE;
  const top = sceneHeight(scene);
  const height = top + barHeight;
  const pixels = new Uint8Array(width * height);
  const scale = width / (scene.xRange[1] - scene.xRange[0]);
  const toPixels = ([wx, wy]: Point): Point => [(wx - scene.xRange[0]) * scale, (scene.yRange[1] - wy) * scale];
  for (const shape of scene.shapes(state)) fillPolygon(pixels, width, top, shape.points.map(toPixels), palette.get(shape.colour)!);
  const bar = (from: number, to: number, colour: string) => fillPolygon(pixels, width, height, [[from, top + 2], [to, top + 2], [to, height - 1], [from, height - 1]], palette.get(colour)!);
  bar(0, width, BAR.empty);
  bar(0, progress * width, failed ? BAR.failure : BAR.progress);
  return pixels;
}

/** The episode as GIF bytes: every `stride`-th state, at the simulation's own pace, looping; CartPole's scene unless told otherwise. */
export function replayGif(episode: ReplayEpisode, stride = 2, scene: Scene = CARTPOLE_SCENE): Uint8Array {
  checkEpisodeFits(scene, episode);
  const states = scene.states(episode);
  const failed = episode.terminated;
  const palette = paletteOf(scene, states);
  const colours = [...palette.keys()].map(rgb);
  const gif = GIFEncoder();
  const height = sceneHeight(scene) + GIF_SIZE.barHeight;
  const last = states.length - 1;
  const frame = (t: number, delay: number, progress: number, red: boolean) =>
    gif.writeFrame(drawFrame(scene, states[t], progress, red, palette), GIF_SIZE.width, height, { palette: colours, delay });
  for (let t = 0; t <= last; t += stride) frame(t, Math.round(scene.stepMs * stride), t / Math.max(1, last), failed && t + stride > last);
  // hold the last state for a second before the loop starts again
  frame(last, 1000, 1, failed);
  gif.finish();
  return gif.bytes();
}
