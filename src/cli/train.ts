// npm run train -- --env cartpole|pendulum [--algo …] …   REINFORCE, A2C or PPO on CartPole (the default task) or Pendulum
// npm run train -- --reward-model <name or path> …   REINFORCE fine-tuning of the language model
//                                                    (--reward-model selects --task lm)
import { rawFlagValues, UsageError } from "./args";
import { EXIT, runCommand } from "./main";
import { ENVIRONMENTS } from "../rl/environments";
import { episodicUsage, trainEpisodic } from "./train_episodic";
import { LM_USAGE, trainLm } from "./train_lm";

/** The training environments of the episodic algorithms (src/rl/environments.ts), then the language model. */
const TASKS: Record<string, { run: (argv: string[]) => Promise<number>; usage: string }> = {
  ...Object.fromEntries(Object.values(ENVIRONMENTS).map((environment) => [environment.name, { run: (argv: string[]) => trainEpisodic(environment, argv), usage: episodicUsage(environment) }])),
  lm: { run: trainLm, usage: LM_USAGE },
};

/** The flags a usage text lists, one per line ("  --episodes N   …"). */
const FLAG_IN_USAGE = /(?<=^ {2})--[\w-]+/gm;

/**
 * The value of --task or --env (its synonym), checked before the task's own flags are parsed.
 * Without either, --reward-model selects the language-model task (the source lesson's own command is
 * `train --reward-model <path or name>`); otherwise the task is CartPole.
 */
export function taskOf(argv: string[]): string {
  const given = [...rawFlagValues(argv, "task"), ...rawFlagValues(argv, "env")];
  if (new Set(given).size > 1) throw new UsageError(`--task/--env were given different values (${given.join(", ")}); give one.`);
  const rewardModelGiven = argv.some((arg) => /^--reward-model(=|$)/.test(arg));
  const task = (given[0] ?? (rewardModelGiven ? "lm" : "cartpole")).trim().toLowerCase();
  if (!(task in TASKS)) throw new UsageError(`--task must be one of ${Object.keys(TASKS).join(", ")}, got "${given[0]}".`);
  return task;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.length === 1 && (argv[0] === "--help" || argv[0] === "-h")) {
    console.log([TASKS.cartpole.usage, TASKS.lm.usage].join("\n\n"));
    return EXIT.ok;
  }
  const task = taskOf(argv);
  try {
    return await TASKS[task].run(argv);
  } catch (error) {
    // A flag of the other task: say so rather than just "unknown".
    const unknown = /Unknown option '(--[\w-]+)'/.exec((error as Error).message)?.[1];
    const flagsOf = (name: string): string[] => TASKS[name].usage.match(FLAG_IN_USAGE) ?? [];
    const owner = unknown && !flagsOf(task).includes(unknown) && Object.keys(TASKS).find((name) => flagsOf(name).includes(unknown));
    if (error instanceof UsageError && owner) throw new UsageError(`${unknown} belongs to --task ${owner}, not ${task}. Run \`npm run train -- --task ${task} --help\` to see the options.`);
    throw error;
  }
}

runCommand(main);
