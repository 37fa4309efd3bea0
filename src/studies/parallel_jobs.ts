// Many independent training runs (seeds × methods) spread over the machine's cores: one worker
// process per core, each running jobs one after another and reporting progress as it goes. Every
// job is seeded, so its result does not depend on which worker ran it or when.
import { fork, type ChildProcess } from "child_process";
import * as os from "os";
import { captureInterrupts, InterruptedError } from "../core/interrupts";
import { fromRoot } from "../core/paths";

export interface JobMessage<P, R> {
  type: "progress" | "done" | "error";
  index: number;
  progress?: P;
  result?: R;
  error?: string;
}

/** How many worker processes to use: one per core the machine offers (at least one). */
export function defaultWorkerCount(): number {
  return Math.max(1, typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length);
}

/**
 * Runs every job in a pool of worker processes started from `workerModule` (a TypeScript file under
 * src/studies/workers/, run with tsx). Results come back in the order of `jobs`. Ctrl-C or Jupyter's
 * interrupt stops the workers; the promise then rejects.
 */
export function runJobs<J, P, R>(
  workerModule: string,
  jobs: J[],
  options: { workers?: number; onProgress?: (index: number, progress: P) => void; onResult?: (index: number, result: R) => void } = {},
): Promise<R[]> {
  const results: R[] = new Array(jobs.length);
  const workers = Math.min(options.workers ?? defaultWorkerCount(), jobs.length);
  let next = 0;
  let finished = 0;
  const children: ChildProcess[] = [];
  return new Promise<R[]>((resolve, reject) => {
    let failed = false;
    const stopAll = (error: Error) => {
      if (failed) return;
      failed = true;
      release();
      for (const child of children) child.kill();
      reject(error);
    };
    const release = captureInterrupts(() =>
      stopAll(new InterruptedError(`Interrupted: the worker processes were stopped with ${finished} of ${jobs.length} training runs finished (each finished run is recorded in output/runs). Run the cell again to start over.`)),
    );
    const feed = (child: ChildProcess) => {
      if (next >= jobs.length) {
        child.send({ type: "exit" });
        return;
      }
      const index = next++;
      child.send({ type: "job", index, job: jobs[index] });
    };
    if (jobs.length === 0) {
      release();
      resolve(results);
      return;
    }
    for (let w = 0; w < workers; w++) {
      const child = fork(fromRoot("src", "studies", "workers", workerModule), [], { execArgv: ["--import", "tsx"], cwd: fromRoot(), stdio: ["ignore", "inherit", "inherit", "ipc"] });
      children.push(child);
      child.on("message", (message: JobMessage<P, R>) => {
        if (message.type === "progress") options.onProgress?.(message.index, message.progress as P);
        else if (message.type === "error") stopAll(new Error(`job ${message.index} failed: ${message.error}`));
        else {
          results[message.index] = message.result as R;
          finished++;
          options.onResult?.(message.index, message.result as R);
          if (finished === jobs.length) {
            release();
            resolve(results);
          }
          feed(child);
        }
      });
      child.on("exit", (code) => {
        if (code !== 0 && code !== null && finished < jobs.length) stopAll(new Error(`a worker process exited with status ${code}`));
      });
      feed(child);
    }
  });
}

/** The worker side: run each job the parent sends with `run`, reporting progress and the result. */
export function serveJobs<J, P, R>(run: (job: J, progress: (p: P) => void) => Promise<R>): void {
  process.on("message", async (message: { type: string; index: number; job: J }) => {
    if (message.type === "exit") process.exit(0);
    if (message.type !== "job") return;
    try {
      const result = await run(message.job, (progress) => process.send?.({ type: "progress", index: message.index, progress }));
      process.send?.({ type: "done", index: message.index, result });
    } catch (error) {
      process.send?.({ type: "error", index: message.index, error: String((error as Error).stack ?? error) });
    }
  });
}
