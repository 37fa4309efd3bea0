// How every command ends: one paragraph and a meaningful exit status, never a stack trace for a
// mistake the user can fix.
import { UserError } from "../core/user_error";
import { closeRenderer } from "../display/render";

export const EXIT = { ok: 0, failed: 1, usage: 2, diverged: 3, interrupted: 130 } as const;

export function runCommand(main: () => Promise<number>): void {
  main()
    .then(async (code) => {
      await closeRenderer();
      process.exit(code);
    })
    .catch(async (error: Error) => {
      await closeRenderer();
      if (error instanceof UserError) {
        console.error(`\nerror: ${error.message}`);
        process.exit(EXIT.usage);
      }
      console.error(error);
      process.exit(EXIT.failed);
    });
}
