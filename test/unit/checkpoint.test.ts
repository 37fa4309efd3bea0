import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CheckpointError, decodeFloat32, encodeFloat32, listCheckpoints, loadCheckpoint, resolveCheckpoint, saveCheckpoint } from "../../src/runs/checkpoint";

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "ckpt-"));

test("float32 arrays survive base64 exactly, and a wrong size is refused", () => {
  const values = Float32Array.from([0.1, -3.5e-12, 1e30, Math.PI, -0]);
  assert.deepEqual(decodeFloat32(encodeFloat32(values)), values);
  assert.deepEqual(decodeFloat32(encodeFloat32(values.subarray(1, 3))), values.subarray(1, 3));
  assert.throws(() => decodeFloat32(encodeFloat32(values), 4), /wrong size/);
});

test("save, rotate and load: the newest three are kept, a folder resolves to the newest", () => {
  const dir = tempDir();
  for (const step of [10, 20, 30, 40]) saveCheckpoint(dir, "cartpole", step, { step, data: [step, step / 3] });
  assert.deepEqual(listCheckpoints(dir).map((f) => path.basename(f)), ["step-000020.json", "step-000030.json", "step-000040.json"]);
  assert.equal(path.basename(resolveCheckpoint(dir)), "step-000040.json");
  const loaded = loadCheckpoint(dir, "cartpole");
  assert.equal(loaded.step, 40);
  assert.deepEqual(loaded.payload, { step: 40, data: [40, 40 / 3] });
  assert.deepEqual(loadCheckpoint(path.join(dir, "step-000020.json"), "cartpole").payload, { step: 20, data: [20, 20 / 3] });
});

test("a damaged, truncated, foreign or missing checkpoint is refused with a message", () => {
  const dir = tempDir();
  const file = saveCheckpoint(dir, "cartpole", 5, { weights: encodeFloat32(Float32Array.from([1, 2, 3])) });
  const text = fs.readFileSync(file, "utf8");

  fs.writeFileSync(file, text.replace(/"weights":"(.)/, (_m, c) => `"weights":"${c === "A" ? "B" : "A"}`));
  assert.throws(() => loadCheckpoint(file, "cartpole"), (e: Error) => e instanceof CheckpointError && /is corrupt: its contents do not match their checksum/.test(e.message));

  fs.writeFileSync(file, text.slice(0, text.length / 2));
  assert.throws(() => loadCheckpoint(file, "cartpole"), /not a readable checkpoint .*damaged or truncated/);

  fs.writeFileSync(file, text);
  assert.throws(() => loadCheckpoint(file, "lm"), /a "cartpole" run, not "lm"/);
  fs.writeFileSync(file, JSON.stringify({ hello: "world" }));
  assert.throws(() => loadCheckpoint(file, "cartpole"), /not a checkpoint of this course/);
  assert.throws(() => loadCheckpoint(path.join(dir, "nope.json"), "cartpole"), /There is no checkpoint at .*does not exist/);
  assert.throws(() => loadCheckpoint(tempDir(), "cartpole"), /holds no checkpoint/);
});

test("a checkpoint write cut short by a killed process leaves a temporary file, which the next save removes", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ckpt-"));
  // the id of a process that has surely ended: one we started and waited for
  const gone = spawnSync(process.execPath, ["-e", "0"]).pid!;
  const abandoned = path.join(dir, `step-000005.json.${gone}.0badc0de.tmp`);
  const live = path.join(dir, `step-000006.json.${process.pid}.12345678.tmp`);
  fs.writeFileSync(abandoned, "{");
  fs.writeFileSync(live, "{");
  saveCheckpoint(dir, "cartpole", 7, { ok: true });
  assert.ok(!fs.existsSync(abandoned), "the dead writer's temporary file is gone");
  assert.ok(fs.existsSync(live), "a running writer's file is left alone");
  assert.deepEqual(listCheckpoints(dir).map((f) => path.basename(f)), ["step-000007.json"]);
});
