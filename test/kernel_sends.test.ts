// Display updates in bursts, in the real course kernel. zeromq.js allows one send in progress per socket
// and defers one send after every 512 immediate ones; tslab does not wait for its sends, so a burst of
// more than 512 updates sent a second message while the deferred one was in progress, every time (a count,
// not a race): "Socket is busy writing" was thrown in the middle of the burst, and inside a cell the cell
// never got its reply (the notebook waited on a kernel that looked dead). scripts/kernel_serial_sends.cjs
// queues each socket's sends.
//
// What reaches the client is not all asserted: the output channel is publish/subscribe, which drops
// messages once a slow reader has about a thousand unread (as in every Jupyter kernel). What arrives
// arrives in order, and the code that sends never sees an error.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { codeCell, courseNotebook, runAll, textOf } from "./support/run_all";

const BURST = 600;

test(`${BURST} display updates in one burst, inside a cell and from a timer after its cell ended: no send fails, every cell replies, what arrives is in order`, { timeout: 5 * 60_000 }, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "sends-"));
  const notebook = courseNotebook([
    codeCell(`import * as tslab from "tslab";\nfor (let i = 0; i < ${BURST}; i++) tslab.display.text(\`cell update \${i}\`);\n"the cell's burst was sent"`),
    codeCell(`let timerBurst = "not run";
setTimeout(() => {
  timerBurst = "failed";
  for (let i = 0; i < ${BURST}; i++) tslab.display.text(\`timer update \${i}\`);
  timerBurst = "sent";
}, 0);
"timer set"`),
    codeCell(`await new Promise((resolve) => setTimeout(resolve, 1000));\nconsole.log(\`the timer's burst: \${timerBurst}\`);`),
  ]);
  const result = runAll(notebook, work, ["--timeout", "120"]);
  assert.deepEqual(result.cells.map((c) => c.status), ["ok", "ok", "ok"], result.cells.map(textOf).join("\n").slice(-2000));
  assert.match(textOf(result.cells[0]), /the cell's burst was sent/);
  assert.match(textOf(result.cells[2]), /the timer's burst: sent/);
  const displayed = result.cells.flatMap((c) => c.outputs.filter((o) => o.type === "display_data").map((o) => o.text));
  for (const source of ["cell", "timer"]) {
    const numbers = displayed.filter((t) => t.startsWith(`${source} update `)).map((t) => Number(t.split(" ")[2]));
    assert.ok(numbers.length > 0, `some of the ${source}'s updates arrived`);
    assert.ok(numbers.every((n, i) => i === 0 || n > numbers[i - 1]), `the ${source}'s updates arrived in order`);
  }
  assert.ok(result.kernel_alive_after);
});
