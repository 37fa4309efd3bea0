// The source lesson's output files (output/policy_gradient_metrics/): training_metrics.csv (one row per
// episode or update), log_history.json (the logged records), summary.json (what ran, how it went).
import * as path from "path";
import { writeFileAtomic, writeJsonAtomic } from "../core/files";
import { dataFrame } from "../display/table";

export const METRIC_FILES = {
  csv: "training_metrics.csv",
  curves: "training_curves.png",
  curvesHtml: "training_curves.html",
  summary: "summary.json",
  logHistory: "log_history.json",
} as const;

/** snake_case column names for the CSV, in a fixed order. */
export function toSnakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([a-z])(\d+)$/, "$1_$2").toLowerCase();
}

/** Records as CSV, columns in the records' key order, written with danfo.js. */
export function metricsCsv(records: Record<string, unknown>[]): string {
  if (records.length === 0) return "";
  const rows = records.map((record) => Object.fromEntries(Object.entries(record).map(([key, value]) => [toSnakeCase(key), value])));
  return dataFrame(rows).toCSV() as string;
}

export function writeMetricsCsv(dir: string, records: Record<string, unknown>[]): string {
  const file = path.join(dir, METRIC_FILES.csv);
  writeFileAtomic(file, metricsCsv(records));
  return file;
}

export function writeLogHistory(dir: string, records: Record<string, unknown>[]): string {
  const file = path.join(dir, METRIC_FILES.logHistory);
  writeJsonAtomic(file, records);
  return file;
}

export function writeSummary(dir: string, summary: Record<string, unknown>): string {
  const file = path.join(dir, METRIC_FILES.summary);
  writeJsonAtomic(file, summary);
  return file;
}

