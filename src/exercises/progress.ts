// Which exercises a learner has solved, kept in output/exercises/progress.json so that it survives a
// restart of the kernel (and of the machine). Written atomically: a crash never leaves half a file.
import * as fs from "fs";
import * as path from "path";
import { writeJsonAtomic } from "../core/files";
import { fromRoot } from "../core/paths";

export interface ExerciseProgress {
  title: string;
  solved: boolean;
  attempts: number;
  /** The last verdict: "solved", "not solved yet", "wrong" or "error". */
  last: string;
  solvedAt: string | null;
}

/** output/exercises/progress.json, or EXERCISES_DIR/progress.json (the tests keep theirs apart). */
export function progressFile(): string {
  return path.join(process.env.EXERCISES_DIR ? path.resolve(process.env.EXERCISES_DIR) : fromRoot("output", "exercises"), "progress.json");
}

export function readProgress(): Record<string, ExerciseProgress> {
  const file = progressFile();
  if (!fs.existsSync(file)) return {};
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, ExerciseProgress>;
  } catch {
    return {}; // a damaged file is started afresh rather than stopping the lesson
  }
}

/** One more attempt at `id`; once solved it stays solved. */
export function recordAttempt(id: string, title: string, status: string): void {
  const progress = readProgress();
  const before = progress[id];
  const solved = status === "solved";
  progress[id] = {
    title,
    solved: Boolean(before?.solved) || solved,
    attempts: (before?.attempts ?? 0) + (status === "not solved yet" ? 0 : 1),
    last: status,
    solvedAt: before?.solvedAt ?? (solved ? new Date().toISOString() : null),
  };
  fs.mkdirSync(path.dirname(progressFile()), { recursive: true });
  writeJsonAtomic(progressFile(), progress);
}
