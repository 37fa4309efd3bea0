// Where things live. Notebooks (through the course kernel), commands and tests all run with the
// project root as working directory, so paths read the same everywhere.
import * as fs from "fs";
import * as path from "path";

const PACKAGE_NAME = "policy-gradient-notebooks";

/** The project root: the nearest folder upwards from the working directory with our package.json. */
export function projectRoot(start: string = process.cwd()): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      try {
        if (JSON.parse(fs.readFileSync(manifest, "utf8")).name === PACKAGE_NAME) return dir;
      } catch {
        // an unreadable package.json belongs to somebody else; keep looking upwards
      }
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`Cannot find the course folder (a package.json named "${PACKAGE_NAME}") above ${start}.`);
    }
  }
}

export function fromRoot(...parts: string[]): string {
  return path.join(projectRoot(), ...parts);
}

export function packageVersion(name: string): string {
  try {
    return JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, { paths: [projectRoot()] }), "utf8")).version;
  } catch {
    return "not installed";
  }
}

/** A path as a person reads it in a message: relative to the working folder ("." for the folder itself). */
export function displayPath(file: string): string {
  return path.relative(process.cwd(), file) || ".";
}

/** Versions of what produced the numbers, for summary.json and the run records. */
export function runtimeVersions(): Record<string, string> {
  return {
    node: process.version,
    "@tensorflow/tfjs": packageVersion("@tensorflow/tfjs"),
    "@tensorflow/tfjs-backend-wasm": packageVersion("@tensorflow/tfjs-backend-wasm"),
    "danfojs-node": packageVersion("danfojs-node"),
    "plotly.js-dist-min": packageVersion("plotly.js-dist-min"),
    tslab: packageVersion("tslab"),
  };
}
