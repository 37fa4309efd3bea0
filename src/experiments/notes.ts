// Notes on a run: what a learner saw, optionally tied to an episode or update so that it can be
// drawn on the run's curve. Kept in the run's folder as notes.jsonl, one JSON object per line
// ({"time", "at", "text"}), appended with a single write: plain text a person can read, edit or
// grep, and it survives kernel restarts.
import * as fs from "fs";
import * as path from "path";
import { loadRun, NOTES_FILE, runDir, RunStoreError } from "./run_store";

export interface RunNote {
  time: string;
  /** The episode or update the note is about, or null for the run as a whole. */
  at: number | null;
  text: string;
}

export function addNote(id: string, text: string, options: { at?: number | null; root?: string } = {}): RunNote {
  const clean = String(text ?? "").trim();
  if (clean === "") throw new RunStoreError("a note needs some text");
  const at = options.at ?? null;
  if (at !== null && !(Number.isFinite(at) && at >= 0)) throw new RunStoreError(`a note's step must be a number ≥ 0 (an episode or update), got ${at}`);
  loadRun(id, options.root); // the run must exist and be readable
  const note: RunNote = { time: new Date().toISOString(), at, text: clean };
  fs.appendFileSync(path.join(runDir(id, options.root), NOTES_FILE), JSON.stringify(note) + "\n");
  return note;
}

/** The run's notes, oldest first; a line that is not a note (a hand edit gone wrong) is reported, not fatal. */
export function readNotes(id: string, root?: string): { notes: RunNote[]; problems: string[] } {
  const file = path.join(runDir(id, root), NOTES_FILE);
  if (!fs.existsSync(file)) return { notes: [], problems: [] };
  const notes: RunNote[] = [];
  const problems: string[] = [];
  fs.readFileSync(file, "utf8").split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      const parsed = JSON.parse(line);
      if (typeof parsed.text !== "string") throw new Error("no text");
      notes.push({ time: String(parsed.time ?? ""), at: typeof parsed.at === "number" ? parsed.at : null, text: parsed.text });
    } catch (error) {
      problems.push(`${file}, line ${i + 1}: not a note (${(error as Error).message}); skipped`);
    }
  });
  return { notes, problems };
}
