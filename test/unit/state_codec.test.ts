// One checkpoint codec for every trainer's state: exact round trips, and a clear error for a
// missing, damaged or mismatched array.
import { test } from "node:test";
import assert from "node:assert/strict";
import { initBackend } from "../../src/core/tf";
import { Reinforce, SOURCE_LESSON_CONFIG, type ReinforceState } from "../../src/rl/reinforce";
import { EPISODIC_STATE_ARRAYS as REINFORCE_STATE_ARRAYS } from "../../src/rl/trainer";
import { decodeTrainerState, encodeTrainerState } from "../../src/runs/state_codec";

test("a trainer's state survives the codec exactly, critic and optimizer moments included", async () => {
  await initBackend();
  const trainer = Reinforce.create({ ...SOURCE_LESSON_CONFIG, hidden: [8], baseline: "value", episodes: 5, seed: 1 });
  while (!trainer.finished) trainer.update();
  const state = trainer.state();
  const payload = JSON.parse(JSON.stringify(encodeTrainerState(state, REINFORCE_STATE_ARRAYS)));
  assert.equal(typeof payload.params, "string", "arrays are base64 text, the format checkpoints have always had");
  assert.equal(typeof payload.critic.adam.m, "string");
  const back = decodeTrainerState<ReinforceState>(payload, REINFORCE_STATE_ARRAYS);
  assert.deepEqual(back.params, state.params);
  assert.deepEqual(back.critic!.adam.v, state.critic!.adam.v);
  assert.deepEqual(back.history, state.history);
  assert.deepEqual(back.rng, state.rng);
});

test("a state without the optional critic encodes and decodes; a missing or mismatched array is named", async () => {
  await initBackend();
  const state = Reinforce.create({ ...SOURCE_LESSON_CONFIG, hidden: [8], episodes: 1 }).state();
  const payload = encodeTrainerState(state, REINFORCE_STATE_ARRAYS);
  assert.ok(!("critic" in payload) || payload.critic === undefined);
  assert.deepEqual(decodeTrainerState<ReinforceState>(payload, REINFORCE_STATE_ARRAYS).adam.m, state.adam.m);
  const { params: _params, ...withoutParams } = payload;
  assert.throws(() => decodeTrainerState(withoutParams, REINFORCE_STATE_ARRAYS), /params is missing or not an encoded array/);
  const short = { ...payload, adam: { ...(payload.adam as object), m: Buffer.from(new Float32Array(3).buffer).toString("base64") } };
  assert.throws(() => decodeTrainerState(short, REINFORCE_STATE_ARRAYS), /params, adam\.m, adam\.v should have one length/);
});
