/**
 * The link service's scheduled jobs, run by Kubernetes CronJobs from the link-service image:
 * `node dist/cmd/link-jobs/main.js prune-outbox` deletes sent outbox rows older than
 * OUTBOX_RETENTION_DAYS (default 7); `node dist/cmd/link-jobs/main.js recheck-links` asks the
 * link checker to check again every link not checked for RECHECK_AFTER_DAYS (default 7).
 * Exits 0 after one run, 1 with one line on stderr when it fails (the CronJob retries).
 */
import { runLinkJob } from './jobs';

runLinkJob(process.argv[2]).then(
  ({ job, count }) => {
    console.log(JSON.stringify({ job, count, msg: 'done' }));
  },
  (error: unknown) => {
    console.error(`link-jobs: ${(error as Error).message}`);
    process.exit(1);
  },
);
