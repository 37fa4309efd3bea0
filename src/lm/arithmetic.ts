// The task the language model learns: two-digit addition written as text. A prompt is "23+45=",
// the correct response is "68". Every answer can be checked, so the reward can be computed exactly
// (the verifiable-reward setting of today's reasoning models) and accuracy is always measurable.
import * as fs from "fs";

export interface Problem {
  prompt: string;
  answer: string;
}

/** Longest response the policy may write, in characters (the end token comes on top). */
export const MAX_RESPONSE_CHARS = 5;

export function problemFor(a: number, b: number): Problem {
  return { prompt: `${a}+${b}=`, answer: String(a + b) };
}

/** The numbers of a prompt "a+b=", or null when it is not one. */
export function parsePrompt(prompt: string): { a: number; b: number } | null {
  const match = /^(\d+)\+(\d+)=$/.exec(prompt);
  return match ? { a: Number(match[1]), b: Number(match[2]) } : null;
}

/** The correct response to a prompt (it is computed, not looked up). */
export function answerTo(prompt: string): string {
  const parsed = parsePrompt(prompt);
  if (!parsed) throw new Error(`"${prompt}" is not an addition prompt like "23+45="`);
  return String(parsed.a + parsed.b);
}

/** Reads a JSON-lines file into objects, naming the file and line of anything malformed. */
export function readJsonLines<T>(file: string): T[] {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: the course's datasets live in data/lm/ (regenerate them with \`node --import tsx scripts/make_arithmetic_data.ts\`).`);
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, i) => {
      try {
        return JSON.parse(line) as T;
      } catch {
        throw new Error(`${file}, line ${i + 1}, is not valid JSON`);
      }
    });
}
