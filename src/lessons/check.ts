// Claims a notebook makes ("the error shrinks like 1/√N") are checked by code, not just stated.
// Each check prints one line when it holds and throws, stopping the notebook, when it does not.

export class ClaimFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClaimFailed";
  }
}

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

export function claim(holds: boolean, statement: string, detail = ""): void {
  const suffix = detail ? ` (${detail})` : "";
  if (!holds) throw new ClaimFailed(`Claim failed: ${statement}${suffix}`);
  console.log(`✓ ${statement}${suffix}`);
}

export function claimClose(actual: number, expected: number, tolerance: number, statement: string): void {
  const error = Math.abs(actual - expected);
  claim(error <= tolerance, statement, `${format(actual)} vs ${format(expected)}: |difference| ${format(error)}, tolerance ${format(tolerance)}`);
}

export function claimBetween(value: number, low: number, high: number, statement: string): void {
  claim(value >= low && value <= high, statement, `${format(value)}, expected within [${format(low)}, ${format(high)}]`);
}
