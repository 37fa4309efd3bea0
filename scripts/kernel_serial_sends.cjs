// Every send on one of the kernel's sockets waits for the send before it on that socket.
//
// zeromq.js allows one send in progress per socket: a send that cannot complete at once stays in
// progress (zeromq defers one after every 512 immediate operations on a socket so as not to starve
// the event loop, and a full queue defers too), and any other send on that socket meanwhile throws
// "Socket is busy writing". tslab 1.0.22 sends without awaiting, so every few hundred messages a
// second message in the same turn of the event loop threw: inside a cell (a burst of display
// updates), in a timer's callback (a progress picture sent after its cell finished), or inside
// tslab's own reply to a cell, which then never came: the notebook waited on a kernel that looked
// dead. Chaining each socket's sends removes the second send in progress; messages keep their order.
"use strict";

/**
 * Makes `socketPrototype.send` (zeromq's Socket, or a test's stand-in) queue behind the send in
 * progress on the same socket. A send with nothing in progress starts at once, as before.
 * `onFailure(error, socket)` hears a send that failed after it was queued (its caller has moved on by then).
 */
function serialiseSends(socketPrototype, onFailure) {
  const send = socketPrototype.send;
  if (send.serialised) return;
  const queues = new WeakMap(); // socket → { tail: promise of the last send, pending: sends not settled }
  function serialisedSend(...args) {
    let queue = queues.get(this);
    if (!queue) queues.set(this, (queue = { tail: Promise.resolve(), pending: 0 }));
    const sent = queue.pending === 0 ? send.apply(this, args) : queue.tail.then(() => send.apply(this, args));
    queue.pending++;
    const settled = () => {
      queue.pending--;
    };
    const socket = this;
    queue.tail = Promise.resolve(sent).then(settled, (error) => {
      settled();
      onFailure(error, socket);
    });
    return sent;
  }
  serialisedSend.serialised = true;
  // zeromq's native prototype holds send as a read-only (but configurable) property
  Object.defineProperty(socketPrototype, "send", { value: serialisedSend, writable: false, enumerable: false, configurable: true });
}

/** Installs it on the zeromq module tslab loads (the project's node_modules/zeromq). */
function installSerialSends(root) {
  const path = require("path");
  const tslabJupyter = require.resolve(path.join(root, "node_modules", "tslab", "dist", "jupyter.js"));
  const zeromq = require(require.resolve("zeromq", { paths: [path.dirname(tslabJupyter)] }));
  const writeError = process.stderr.write.bind(process.stderr);
  // sends still queued when the kernel shuts down fail on the closed socket: nothing to report then
  serialiseSends(zeromq.Socket.prototype, (error, socket) => {
    if (!socket.closed) writeError(`[kernel] a message could not be sent: ${error && error.message}\n`);
  });
}

module.exports = { serialiseSends, installSerialSends };
