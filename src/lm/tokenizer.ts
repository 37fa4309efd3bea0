// A character-level tokenizer for the arithmetic task: one token per character of "0123456789+=",
// plus three special tokens. Small enough to read in full, which is the point.

export const BOS = 0; // start of every sequence
export const EOS = 1; // ends a response
export const PAD = 2; // fills short sequences in a batch (never trained on)

const CHARACTERS = "0123456789+=";
const SPECIAL = ["<bos>", "<eos>", "<pad>"];

export const VOCABULARY = [...SPECIAL, ...CHARACTERS];
export const VOCAB_SIZE = VOCABULARY.length;

const INDEX = new Map<string, number>([...CHARACTERS].map((c, i) => [c, SPECIAL.length + i]));

export function encode(text: string): number[] {
  return [...text].map((c) => {
    const id = INDEX.get(c);
    if (id === undefined) throw new Error(`the tokenizer only knows the characters "${CHARACTERS}", got "${c}" in "${text}"`);
    return id;
  });
}

/** Text of the tokens, stopping at EOS; other special tokens are shown in angle brackets. */
export function decode(tokens: ArrayLike<number>): string {
  let text = "";
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === EOS) break;
    text += tokens[i] >= SPECIAL.length ? CHARACTERS[tokens[i] - SPECIAL.length] : VOCABULARY[tokens[i]];
  }
  return text;
}

/** Token ids of a prompt, and of a response followed by <eos>. */
export function promptTokens(prompt: string): number[] {
  return encode(prompt);
}

export function responseTokens(response: string): number[] {
  return [...encode(response), EOS];
}
