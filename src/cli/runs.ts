// npm run runs -- [list] [--task T] [--tag X] [--name N] [--since DATE] [--until DATE] [--last N] [--wide | --json]
// npm run runs -- show <id> | note <id> "text" [--at N] | delete <id> | reindex
import { addNote, readNotes } from "../experiments/notes";
import { deleteRun, knownRunIds, listRuns, loadHistory, loadRun, reindex, resolveRunId, runDir, runsRoot } from "../experiments/run_store";
import { resumeHint, resumeLines } from "../experiments/resume";
import { filterRuns, headline, runListText, runRows, shortTime, type RunFilter } from "../experiments/run_table";
import { recordsText } from "../display/table";
import { integerFlag, parseArguments, UsageError, type FlagSpec } from "./args";
import { EXIT, runCommand } from "./main";
import { displayPath } from "../core/paths";

const SPEC: FlagSpec = {
  task: { type: "string" },
  tag: { type: "string" },
  name: { type: "string" },
  since: { type: "string" },
  until: { type: "string" },
  last: { type: "string" },
  at: { type: "string" },
  wide: { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

const USAGE = `The recorded training runs (output/runs/): every \`npm run train\` and every training in notebooks 03–05.

  npm run runs                          list them (oldest first), 120 columns wide
      --task cartpole|lm  --tag TAG  --name TEXT  --since 2026-11-20  --until 2026-11-23  --last N
      --wide                            every column, full ids (wider than a terminal)
      --json                            the run records as JSON (for scripts)
  npm run runs -- show ID               one run: config, results, files, notes
  npm run runs -- note ID "text" [--at N]   attach a note (at episode or update N)
  npm run runs -- delete ID             delete a run (its folder and its line in the index)
  npm run runs -- reindex               rebuild the index from the run folders

ID is a run's id, a unique part of it (such as the short id the list shows), or "last".

A run whose process ended without saying how (killed, out of memory, the machine stopped, the
notebook's kernel restarted during training) shows as "stopped unexpectedly", with its newest
checkpoint and the command that resumes from it.`;


function printTable(rows: Record<string, unknown>[]): void {
  console.log(recordsText(rows));
}

function list(values: Record<string, unknown>): number {
  const filter: RunFilter = {
    task: values.task as string | undefined,
    tag: values.tag as string | undefined,
    name: values.name as string | undefined,
    since: values.since as string | undefined,
    until: values.until as string | undefined,
    last: values.last !== undefined ? integerFlag(values, "last", 0, 1, 1_000_000) : undefined,
  };
  const { runs, problems } = listRuns();
  for (const problem of problems) console.error(`warning: ${problem}`);
  const found = filterRuns(runs, filter);
  if (found.length === 0) {
    console.log(runs.length === 0 ? `No runs recorded yet in ${displayPath(runsRoot())}/. Train something: npm run train` : "No run matches.");
    return EXIT.ok;
  }
  const counts = Object.fromEntries(found.map((r) => [r.id, readNotes(r.id).notes.length]));
  if (values.json) {
    console.log(JSON.stringify(found.map((run) => ({ ...run, notes: counts[run.id], resume: resumeHint(run) })), null, 2));
    return EXIT.ok;
  }
  const allIds = knownRunIds();
  if (values.wide) printTable(runRows(found, counts));
  else console.log(runListText(found, counts, allIds));
  const resumable = resumeLines(found, allIds);
  if (resumable.length > 0) console.log(`\n${resumable.join("\n")}`);
  console.log(`\n${found.length} of ${runs.length} runs. Details: npm run runs -- show <id>`);
  return EXIT.ok;
}

function show(idText: string): number {
  const id = resolveRunId(idText);
  const run = loadRun(id);
  const history = loadHistory(id);
  const { notes, problems } = readNotes(id);
  const line = (label: string, text: string) => console.log(`  ${label.padEnd(10)}${text}`);
  console.log(`run ${run.id}`);
  line("name", `${run.name} (${run.task}), ${run.status}`);
  line("started", `${shortTime(run.createdAt)} from the ${run.source}${run.finishedAt ? `; finished ${shortTime(run.finishedAt)}` : ""}`);
  if (run.owner) line("process", `${run.owner.pid} on ${run.owner.host}${run.status === "running" ? " (still running)" : run.status === "stopped unexpectedly" ? " (gone: it ended without writing how the run finished)" : ""}`);
  line("seed", `${run.seed ?? "—"} · backend ${run.backend ?? "—"} · tags ${run.tags.length ? run.tags.join(", ") : "—"}`);
  line("results", headline(run) || "—");
  line("config", JSON.stringify(run.config));
  line("versions", Object.entries(run.versions).map(([k, v]) => `${k} ${v}`).join(", ") || "—");
  const files = Object.entries(run.artifacts).filter(([, v]) => v);
  line("files", files.length ? files.map(([k, v]) => `${k}: ${displayPath(String(v))}`).join("\n            ") : "—");
  if (run.resumedFrom) line("resumed", `from ${displayPath(run.resumedFrom)}`);
  const last = history[history.length - 1] as Record<string, unknown> | undefined;
  line("records", last ? `${history.length} (${run.stepKey} ${history[0][run.stepKey]} … ${last[run.stepKey]}); last ${run.metric} = ${Number(last[run.metric]).toFixed(3)}` : "none yet");
  line("folder", displayPath(runDir(id)));
  if (run.status === "stopped unexpectedly" || run.status === "interrupted") {
    const { checkpoint, command } = resumeHint(run);
    line("resume", checkpoint ? `from ${displayPath(checkpoint)}: ${command ?? "(no command known for this task)"}` : "no checkpoint was written before it stopped");
  }
  for (const problem of problems) console.error(`warning: ${problem}`);
  console.log(notes.length ? `notes (${notes.length})` : `no notes yet: npm run runs -- note ${id.slice(-4)} "what you saw" [--at N]`);
  notes.forEach((n, i) => console.log(`  ${i + 1}. ${shortTime(n.time)}${n.at !== null ? ` · ${run.stepKey} ${n.at}` : ""} — ${n.text}`));
  return EXIT.ok;
}

function positional(positionals: string[], index: number, what: string): string {
  const value = positionals[index];
  if (value === undefined || value.trim() === "") throw new UsageError(`${what} is missing. Run \`npm run runs -- --help\` for the commands.`);
  return value;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArguments(process.argv.slice(2), SPEC, "runs", true);
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const [command = "list"] = positionals;
  const expect = (count: number) => {
    if (positionals.length > count) throw new UsageError(`\`npm run runs -- ${command}\` takes ${count - 1} argument${count === 2 ? "" : "s"}; got also: ${positionals.slice(count).join(" ")}. Quote a note's text ("…").`);
  };
  switch (command) {
    case "list":
      expect(1);
      return list(values);
    case "show":
      expect(2);
      return show(positional(positionals, 1, "The run's id"));
    case "note": {
      expect(3);
      const id = resolveRunId(positional(positionals, 1, "The run's id"));
      const at = values.at !== undefined ? integerFlag(values, "at", 0, 0, 1_000_000_000) : null;
      const written = addNote(id, positional(positionals, 2, "The note's text"), { at });
      console.log(`Noted on ${id}${written.at !== null ? ` at ${loadRun(id).stepKey} ${written.at}` : ""}.`);
      return EXIT.ok;
    }
    case "delete": {
      expect(2);
      const id = resolveRunId(positional(positionals, 1, "The run's id"));
      deleteRun(id);
      console.log(`Deleted run ${id}.`);
      return EXIT.ok;
    }
    case "reindex": {
      expect(1);
      const { runs, skipped } = reindex();
      for (const problem of skipped) console.error(`warning: skipped: ${problem}`);
      console.log(`The index lists ${runs} runs.`);
      return EXIT.ok;
    }
    default:
      throw new UsageError(`Unknown command "${command}": use list, show, note, delete or reindex. Run \`npm run runs -- --help\` for details.`);
  }
}

runCommand(main);
