// A worker process of src/studies/parallel_jobs.ts: one RL fine-tuning run of the language model per job.
import { runLmJob } from "../lm_baseline_comparison";
import { serveJobs } from "../parallel_jobs";
import { initBackend } from "../../core/tf";

initBackend().then(() => serveJobs(runLmJob));
