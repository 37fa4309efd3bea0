// A mistake the user can fix: a wrong flag, a missing or damaged file, a setting out of range, a
// backend that is not installed. The commands print its message as one paragraph and exit with
// status 2, never a stack trace (src/cli/main.ts); every such error of the library extends it.
export class UserError extends Error {}
