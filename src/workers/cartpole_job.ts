// A worker process of src/parallel_jobs.ts: trains one CartPole method for one seed per job.
import { runCartPoleJob } from "../method_comparison";
import { serveJobs } from "../parallel_jobs";
import { initBackend } from "../tf";

initBackend().then(() => serveJobs(runCartPoleJob));
