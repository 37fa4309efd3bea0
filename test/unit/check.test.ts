import { test } from "node:test";
import assert from "node:assert/strict";
import { claim, claimBetween, claimClose, ClaimFailed } from "../../src/lessons/check";

test("claims that hold pass; claims that fail throw ClaimFailed with the numbers", () => {
  claim(true, "true is true");
  claimClose(1.0001, 1, 1e-3, "close enough");
  claimBetween(0.5, 0, 1, "inside");
  assert.throws(() => claim(false, "false is true"), ClaimFailed);
  assert.throws(() => claimClose(1.1, 1, 1e-3, "too far"), /too far.*1\.100 vs 1/);
  assert.throws(() => claimBetween(2, 0, 1, "outside"), /outside.*expected within \[0, 1\]/);
});
