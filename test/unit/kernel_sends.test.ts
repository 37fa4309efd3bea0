// scripts/kernel_serial_sends.cjs against a socket that behaves as zeromq.js's does: a send stays in
// progress until the test releases it, and a second send meanwhile throws "Socket is busy writing".
import { test } from "node:test";
import assert from "node:assert/strict";

const { serialiseSends } = require("../../scripts/kernel_serial_sends.cjs") as {
  serialiseSends: (prototype: object, onFailure: (error: unknown, socket: unknown) => void) => void;
};

function socketClass() {
  return class StubSocket {
    sent: string[] = [];
    private inProgress: { resolve: () => void; reject: (e: Error) => void } | null = null;
    send(message: string): Promise<void> {
      if (this.inProgress) throw new Error("Socket is busy writing; only one send operation may be in progress at any time");
      this.sent.push(message);
      return new Promise<void>((resolve, reject) => {
        this.inProgress = { resolve: () => ((this.inProgress = null), resolve()), reject: (e) => ((this.inProgress = null), reject(e)) };
      });
    }
    /** Completes the send in progress (as zeromq's deferred write does), then lets queued sends start. */
    async release(error?: Error): Promise<void> {
      assert.ok(this.inProgress, "a send is in progress");
      if (error) this.inProgress.reject(error);
      else this.inProgress.resolve();
      for (let i = 0; i < 5; i++) await Promise.resolve();
    }
  };
}

test("the stand-in behaves as zeromq: a second send while one is in progress throws", () => {
  const socket = new (socketClass())();
  void socket.send("a");
  assert.throws(() => void socket.send("b"), /Socket is busy writing/);
});

test("serialised, sends wait for the one in progress and go out in order; with none in progress a send starts at once", async () => {
  const Socket = socketClass();
  serialiseSends(Socket.prototype, (error) => assert.fail(String(error)));
  const socket = new Socket();
  const first = socket.send("a");
  assert.deepEqual(socket.sent, ["a"], "the first send starts at once");
  const queued = [socket.send("b"), socket.send("c")];
  assert.deepEqual(socket.sent, ["a"]);
  await socket.release();
  assert.deepEqual(socket.sent, ["a", "b"]);
  await socket.release();
  await socket.release();
  assert.deepEqual(socket.sent, ["a", "b", "c"]);
  await Promise.all([first, ...queued]);
  for (let i = 0; i < 5; i++) await Promise.resolve();
  void socket.send("d");
  assert.deepEqual(socket.sent, ["a", "b", "c", "d"], "nothing in progress: sent at once");
});

test("each socket has its own queue", async () => {
  const Socket = socketClass();
  serialiseSends(Socket.prototype, (error) => assert.fail(String(error)));
  const [one, two] = [new Socket(), new Socket()];
  void one.send("a");
  void two.send("x");
  assert.deepEqual([one.sent, two.sent], [["a"], ["x"]]);
});

test("a send that fails is reported, and the sends behind it still go out", async () => {
  const Socket = socketClass();
  const failures: [unknown, unknown][] = [];
  serialiseSends(Socket.prototype, (error, socket) => failures.push([error, socket]));
  const socket = new Socket();
  const first = socket.send("a");
  const second = socket.send("b");
  await socket.release(new Error("socket closed"));
  await assert.rejects(first, /socket closed/);
  assert.equal(failures.length, 1);
  assert.equal(failures[0][1], socket, "with the socket it failed on (the kernel stays quiet about a closed one)");
  assert.deepEqual(socket.sent, ["a", "b"]);
  await socket.release();
  await second;
});

test("installed twice, sends are still queued once", () => {
  const Socket = socketClass();
  serialiseSends(Socket.prototype, () => undefined);
  const once = Socket.prototype.send;
  serialiseSends(Socket.prototype, () => undefined);
  assert.equal(Socket.prototype.send, once);
});
