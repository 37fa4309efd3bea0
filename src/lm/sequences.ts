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

/**
 * The same prompt + response pairs for a batch where every prompt has several responses (G per
 * prompt, rows prompt-major as LanguageModel.generate returns them), split where the prompts stop
 * being shared:
 *
 *   shared prefix (once per prompt):  <bos> 2 3 + 4 5                 positions 0 … p−2
 *   suffix (once per response):       =  6  8                         positions p−1 … (one per response token)
 *   predicts:                         6  8  <eos>
 *
 * The prompt's last token starts the suffix because its position predicts the first response token.
 * Every suffix position predicts a response token, so the mask only marks the padding.
 */
export interface PromptGroupBatch {
  groupSize: number;
  /** [prompts × prefixLength] token ids of each prompt but its last token, right-padded with PAD. */
  prefixTokens: Int32Array;
  prompts: number;
  prefixLength: number;
  /** Real tokens of each prefix. */
  prefixLengths: Int32Array;
  /** [rows × suffixLength]: each row's last prompt token, then its response but the last token. */
  suffixTokens: Int32Array;
  rows: number;
  suffixLength: number;
  /** Position (in the whole sequence) of each row's first suffix token. */
  suffixStarts: Int32Array;
  /** [rows × suffixLength]: the response token each suffix position predicts, and 1 where it is real. */
  targets: Int32Array;
  mask: Float32Array;
}

export function packPromptGroups(prompts: number[][], responses: number[][], groupSize: number): PromptGroupBatch {
  if (!Number.isInteger(groupSize) || groupSize < 1) throw new Error(`groupSize must be a positive integer, got ${groupSize}`);
  if (responses.length !== prompts.length * groupSize) throw new Error(`${prompts.length} prompts with ${groupSize} responses each need ${prompts.length * groupSize} responses, got ${responses.length}`);
  const sequences = prompts.map((p) => [BOS, ...p]);
  const prefixLength = Math.max(...sequences.map((s) => s.length - 1));
  const prefixTokens = new Int32Array(prompts.length * prefixLength).fill(PAD);
  const prefixLengths = Int32Array.from(sequences, (s) => s.length - 1);
  sequences.forEach((s, p) => prefixTokens.set(s.slice(0, -1), p * prefixLength));
  const rows = responses.length;
  // an empty response still gets one (masked) suffix position
  const suffixLength = Math.max(1, ...responses.map((r) => r.length));
  const suffixTokens = new Int32Array(rows * suffixLength).fill(PAD);
  const targets = new Int32Array(rows * suffixLength).fill(PAD);
  const mask = new Float32Array(rows * suffixLength);
  const suffixStarts = new Int32Array(rows);
  responses.forEach((response, i) => {
    const sequence = sequences[Math.floor(i / groupSize)];
    suffixStarts[i] = sequence.length - 1;
    suffixTokens.set([sequence[sequence.length - 1], ...response.slice(0, -1)], i * suffixLength);
    targets.set(response, i * suffixLength);
    mask.fill(1, i * suffixLength, i * suffixLength + response.length);
  });
  return { groupSize, prefixTokens, prompts: prompts.length, prefixLength, prefixLengths, suffixTokens, rows, suffixLength, suffixStarts, targets, mask };
}
