// `npm run test:unit`, the fast path while working on src/: the named unit tests only, without the
// Python set-up and the type-check that `npm test` does first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

test("npm run test:unit runs only the named unit tests, with no type-check and no notebook", () => {
  // (without this runner's own NODE_TEST_CONTEXT, the inner runner reports as a top-level one)
  const { NODE_TEST_CONTEXT: _inner, ...env } = process.env;
  const result = spawnSync("npm", ["run", "--silent", "test:unit", "--", "test/unit/stats.test.ts"], { cwd: ROOT, encoding: "utf8", env });
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /\[test\] unit tests\n/);
  assert.doesNotMatch(result.stdout, /type-check|notebook|backend for this run/i);
  assert.match(result.stdout, /ℹ tests [1-9]/);
  assert.match(result.stdout, /\[test\] all passed/);
});
