// How every command ends: one paragraph and a meaningful exit status, never a stack trace for a
// mistake the user can fix.
import { CheckpointError } from "../runs/checkpoint";
import { RunStoreError } from "../experiments/run_store";
import { RunFilterError } from "../experiments/run_table";
import { LockTimeoutError } from "../core/file_lock";
import { closeRenderer } from "../display/render";
import { TransformerFileError } from "../lm/model_files";
import { RewardModelError } from "../lm/rewards";
import { LmConfigError } from "../lm/rl";
import { ModelFileError } from "../runs/model_io";
import { ConfigError } from "../rl/reinforce";
import { BackendError } from "../core/tf";
import { UsageError } from "./args";

export const EXIT = { ok: 0, failed: 1, usage: 2, diverged: 3, interrupted: 130 } as const;

const USER_ERRORS = [UsageError, CheckpointError, ModelFileError, ConfigError, BackendError, RewardModelError, TransformerFileError, LmConfigError, RunStoreError, RunFilterError, LockTimeoutError];

export function runCommand(main: () => Promise<number>): void {
  main()
    .then(async (code) => {
      await closeRenderer();
      process.exit(code);
    })
    .catch(async (error: Error) => {
      await closeRenderer();
      if (USER_ERRORS.some((kind) => error instanceof kind)) {
        console.error(`\nerror: ${error.message}`);
        process.exit(EXIT.usage);
      }
      console.error(error);
      process.exit(EXIT.failed);
    });
}
