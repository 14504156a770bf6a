// Effects the pipeline needs, injected so output is reproducible and tests need no real clock.

export interface Env {
  /** The time written into documents: SOURCE_DATE_EPOCH when set, so builds are reproducible. */
  now(): Date;
}

export function processEnv(environment: NodeJS.ProcessEnv = process.env): Env {
  const epoch = environment.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch.trim())) {
    const fixed = new Date(Number(epoch.trim()) * 1000);
    return { now: () => fixed };
  }
  return { now: () => new Date() };
}

export function fixedEnv(date: Date): Env {
  return { now: () => date };
}
