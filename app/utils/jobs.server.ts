/**
 * The server's background jobs (delivering the outbox, sending reminders), run one way: each job
 * runs at start and then again `everyMs` after its last run ended, so a slow run is never
 * overlapped by the next. Stopping waits for the runs under way, but no longer than a grace period;
 * a job whose run is still going then is told so (`abandon`), to give back what it holds.
 */
export interface Job {
  name: string;
  everyMs: number;
  /** One run. `stopping()` turns true when the server stops: a long run should end at the next step. */
  run(stopping: () => boolean): Promise<unknown>;
  /** Called when the grace period ran out with a run still under way. */
  abandon?(): Promise<void>;
}

export interface JobRunner {
  stop(graceMs?: number): Promise<void>;
}

export function startJobs(jobs: Job[], onError: (job: string, error: unknown) => void): JobRunner {
  let stopped = false;
  const stopping = () => stopped;
  const states = jobs.map((job) => {
    const state = { job, running: Promise.resolve() as Promise<void>, timer: undefined as NodeJS.Timeout | undefined };
    const tick = () => {
      state.running = job
        .run(stopping)
        .then(
          () => undefined,
          (error) => onError(job.name, error),
        )
        .finally(() => {
          if (!stopped) state.timer = setTimeout(tick, job.everyMs);
        });
    };
    tick();
    return state;
  });
  return {
    async stop(graceMs = 5_000) {
      stopped = true;
      for (const state of states) clearTimeout(state.timer);
      await Promise.all(
        states.map(async (state) => {
          let bound: NodeJS.Timeout | undefined;
          const finished = await Promise.race([
            state.running.then(() => true),
            new Promise<boolean>((resolve) => {
              bound = setTimeout(() => resolve(false), graceMs);
            }),
          ]);
          clearTimeout(bound);
          if (finished || !state.job.abandon) return;
          try {
            await state.job.abandon();
          } catch (error) {
            onError(state.job.name, error);
          }
        }),
      );
    },
  };
}
