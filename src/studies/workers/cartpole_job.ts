// A worker process of src/studies/parallel_jobs.ts: trains one CartPole method for one seed per job.
import { runCartPoleJob } from "../method_comparison";
import { serveJobs } from "../parallel_jobs";
import { initBackend } from "../../core/tf";

initBackend().then(() => serveJobs(runCartPoleJob));
