// A cell sent with stop_on_error: false fails alone in tslab, as Jupyter's protocol says.
//
// JupyterLab's Run All sends every cell at once and relies on the kernel to drop the cells queued behind
// one that fails, unless that cell was sent with stop_on_error: false, as JupyterLab sends a cell tagged
// "raises-exception" (the course's exercise cells are). tslab 1.0.22 drops them in every case, so a
// learner's typo in one exercise (a TypeScript error: the cell does not run) would stop every cell below
// it. With this patch such a cell fails alone and the cells behind it run, unless it failed because the
// learner pressed interrupt (■): that still stops the cells behind it, as it does for any cell.
const path = require("path");
const vm = require("vm");

function installCellsFailAlone(root) {
  const tslab = (file) => require(path.join(root, "node_modules", "tslab", "dist", file));
  const { JupyterHandlerImpl } = tslab("jupyter.js");
  const { TaskCanceledError } = tslab("util.js");

  // Interrupts: an asynchronous cell hears SIGINT; a synchronous one is stopped by vm (breakOnSigint),
  // whose SIGINT listeners are off while it runs, so its error is counted instead.
  let interrupts = 0;
  process.on("SIGINT", () => interrupts++);
  const runInThisContext = vm.runInThisContext;
  vm.runInThisContext = function (...args) {
    try {
      return runInThisContext.apply(this, args);
    } catch (error) {
      if (error && error.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED") interrupts++;
      throw error;
    }
  };

  // tslab's failed cell throws its ExecutionCount through the queue, which cancels the tasks behind it;
  // tslab does not export that class, so it is recognised by its numeric count
  const isFailedCell = (error) => error !== null && typeof error === "object" && typeof error.count === "number";
  const handleExecute = JupyterHandlerImpl.prototype.handleExecute;
  JupyterHandlerImpl.prototype.handleExecute = async function (request, writeStream, writeDisplayData) {
    if (request.stop_on_error !== false) return handleExecute.call(this, request, writeStream, writeDisplayData);
    let failed = false;
    try {
      const count = await this.execQueue.add(async () => {
        const interruptsBefore = interrupts;
        try {
          return await this.handleExecuteImpl(request, writeStream, writeDisplayData);
        } catch (error) {
          if (!isFailedCell(error) || interrupts !== interruptsBefore) throw error; // the queue stops, as in tslab
          failed = true;
          return error; // the failed cell's count, kept from the queue
        }
      });
      return { status: failed ? "error" : "ok", execution_count: count.count };
    } catch (error) {
      // as tslab's own handleExecute: cancelled behind a failed cell, or failed and the queue stops
      if (error instanceof TaskCanceledError) return { status: "abort", execution_count: undefined };
      if (!isFailedCell(error)) console.error("unexpected error:", error);
      this.execQueue.reset(200);
      return { status: "error", execution_count: isFailedCell(error) ? error.count : undefined };
    }
  };
}

module.exports = { installCellsFailAlone };
