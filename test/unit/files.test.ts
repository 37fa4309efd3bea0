import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeFileAtomic, writeJsonAtomic } from "../../src/core/files";

test("writeFileAtomic creates folders, replaces the file and leaves no temporary files", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "atomic-"));
  const file = path.join(dir, "a", "b", "out.json");
  writeJsonAtomic(file, { n: 1 });
  writeJsonAtomic(file, { n: 2 });
  assert.deepEqual(JSON.parse(fs.readFileSync(file, "utf8")), { n: 2 });
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ["out.json"]);
});

test("a failed write leaves the existing file untouched and no temporary file behind", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "atomic-"));
  const file = path.join(dir, "keep.txt");
  fs.writeFileSync(file, "good");
  // Data that cannot be written fails after the temporary file was opened.
  assert.throws(() => writeFileAtomic(file, 42 as never));
  assert.equal(fs.readFileSync(file, "utf8"), "good");
  assert.deepEqual(fs.readdirSync(dir), ["keep.txt"]);
  // A non-empty folder in the target's place makes the final rename fail after the data was written.
  const blocked = path.join(dir, "blocked");
  fs.mkdirSync(path.join(blocked, "inside"), { recursive: true });
  assert.throws(() => writeFileAtomic(blocked, "new"));
  assert.equal(fs.readFileSync(file, "utf8"), "good");
  assert.deepEqual(fs.readdirSync(dir).sort(), ["blocked", "keep.txt"]);
});
