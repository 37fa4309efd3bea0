// Prompt + response token sequences packed into one padded batch, and the mask that picks out the
// response: log π(response | prompt) sums the log-probabilities of the response tokens only.
//
//   position:  0     1   2   3   4   5   6   7   8    9
//   tokens:    <bos> 2   3   +   4   5   =   6   8    <eos>     (then <pad> to the batch's length)
//   predicts:  2     3   +   4   5   =   6   8   <eos>
//   mask:      0     0   0   0   0   0   1   1   1             (positions whose NEXT token is response)
import { BOS, PAD } from "./tokenizer";

export interface SequenceBatch {
  /** [size × length] token ids, right-padded with PAD. */
  tokens: Int32Array;
  size: number;
  length: number;
  /** Tokens before the response, counting <bos>. */
  promptLengths: Int32Array;
  /** Prompt plus response tokens (the response's <eos> included when it has one). */
  totalLengths: Int32Array;
}

/** Packs <bos> + prompt + response for each pair; `length` defaults to the longest sequence. */
export function packSequences(prompts: number[][], responses: number[][], length?: number): SequenceBatch {
  if (prompts.length !== responses.length) throw new Error(`${prompts.length} prompts but ${responses.length} responses`);
  const size = prompts.length;
  const totals = prompts.map((p, i) => 1 + p.length + responses[i].length);
  const width = length ?? Math.max(...totals);
  if (Math.max(...totals) > width) throw new Error(`a sequence of ${Math.max(...totals)} tokens does not fit in ${width}`);
  const tokens = new Int32Array(size * width).fill(PAD);
  const promptLengths = new Int32Array(size);
  const totalLengths = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const row = [BOS, ...prompts[i], ...responses[i]];
    tokens.set(row, i * width);
    promptLengths[i] = 1 + prompts[i].length;
    totalLengths[i] = row.length;
  }
  return { tokens, size, length: width, promptLengths, totalLengths };
}

/**
 * Next-token targets and the response mask, both [size × length]: mask[k] = 1 exactly when the token
 * at k + 1 belongs to the response, so a sum over masked positions is Σ_t log π(y_t | x, y_<t).
 */
export function responseTargets(batch: SequenceBatch): { targets: Int32Array; mask: Float32Array } {
  const { size, length, tokens, promptLengths, totalLengths } = batch;
  const targets = new Int32Array(size * length).fill(PAD);
  const mask = new Float32Array(size * length);
  for (let i = 0; i < size; i++) {
    for (let k = 0; k + 1 < totalLengths[i]; k++) {
      targets[i * length + k] = tokens[i * length + k + 1];
      if (k + 1 >= promptLengths[i]) mask[i * length + k] = 1;
    }
  }
  return { targets, mask };
}
