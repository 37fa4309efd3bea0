// Generates the datasets of the language-model lessons in data/lm/ (committed; rerun to regenerate,
// the output is the same for the same seed):
//   node --import tsx scripts/make_arithmetic_data.ts
//
// All 10 000 prompts "a+b=" with a, b in 0…99 are shuffled once and split, so no prompt is in two sets:
//   sft.jsonl          3000 prompts with their correct responses: supervised pre-training
//   rl_prompts.jsonl   3000 prompts (and answers) for RL fine-tuning
//   heldout.jsonl      1000 prompts never trained on: held-out reward and accuracy
//   preferences.jsonl  3000 preference pairs for the learned reward model, on the RL prompts
//   preferences_heldout.jsonl  500 pairs on held-out prompts, to measure the reward model
//
// The preference labels imitate a hurried human labeller: a correct answer always beats a wrong one,
// but between two wrong answers the labeller prefers the longer one ("it shows more work"). That
// verbosity bias is deliberate: it is the kind of flaw real preference data has, and notebook 04
// shows a policy exploiting it.
import * as fs from "fs";
import * as path from "path";
import { problemFor, type Problem } from "../src/lm/arithmetic";
import { Rng } from "../src/core/random";

const OUT = path.join(__dirname, "..", "data", "lm");
const rng = new Rng(20261122);

const problems: Problem[] = [];
for (let a = 0; a < 100; a++) for (let b = 0; b < 100; b++) problems.push(problemFor(a, b));
for (let i = problems.length - 1; i > 0; i--) {
  const j = rng.int(i + 1);
  [problems[i], problems[j]] = [problems[j], problems[i]];
}
const sft = problems.slice(0, 3000);
const rl = problems.slice(3000, 6000);
const heldout = problems.slice(6000, 7000);

const digit = () => String(rng.int(10));

/** A plausible wrong answer: a slipped digit, off by ten, or a digit dropped. */
function wrongAnswer(answer: string): string {
  for (;;) {
    const kind = rng.int(3);
    let wrong: string;
    if (kind === 0) {
      const i = rng.int(answer.length);
      wrong = answer.slice(0, i) + digit() + answer.slice(i + 1);
    } else if (kind === 1) {
      wrong = String(Math.max(0, Number(answer) + (rng.next() < 0.5 ? -10 : 10)));
    } else {
      wrong = answer.length > 1 ? answer.slice(0, -1) : digit();
    }
    wrong = wrong.replace(/^0+(?=\d)/, "");
    if (wrong !== answer) return wrong;
  }
}

/** A wrong answer with one or two extra digits, the kind the biased labeller likes. */
function padded(answer: string): string {
  const wrong = wrongAnswer(answer);
  return wrong + digit() + (rng.next() < 0.5 ? digit() : "");
}

function preferencePair(p: Problem) {
  if (rng.next() < 0.7) return { prompt: p.prompt, chosen: p.answer, rejected: wrongAnswer(p.answer), reason: "correct beats wrong" };
  return { prompt: p.prompt, chosen: padded(p.answer), rejected: wrongAnswer(p.answer).slice(0, 1), reason: "longer wrong beats shorter wrong" };
}

function write(name: string, rows: object[]) {
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, name), rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  console.log(`${name}: ${rows.length} rows`);
}

write("sft.jsonl", sft.map((p) => ({ prompt: p.prompt, response: p.answer })));
write("rl_prompts.jsonl", rl);
write("heldout.jsonl", heldout);
write("preferences.jsonl", rl.map(preferencePair));
write("preferences_heldout.jsonl", heldout.slice(0, 500).map(preferencePair));
