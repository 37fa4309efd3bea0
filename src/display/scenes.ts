// The scene that draws each environment's episodes (display/scene.ts), by the environment's Gymnasium id.
import { CARTPOLE_SCENE } from "./cartpole_scene";
import { PENDULUM_SCENE } from "./pendulum_scene";
import type { Scene } from "./scene";

const SCENES: Record<string, Scene> = {
  "CartPole-v1": CARTPOLE_SCENE,
  "Pendulum-v1": PENDULUM_SCENE,
};

/** The scene for `envId` ("CartPole-v1"), or an error naming the environments that have one. */
export function sceneFor(envId: string): Scene {
  const scene = Object.prototype.hasOwnProperty.call(SCENES, envId) ? SCENES[envId] : undefined;
  if (!scene) throw new Error(`no replay scene for ${envId}; scenes exist for ${Object.keys(SCENES).join(", ")}`);
  return scene;
}
