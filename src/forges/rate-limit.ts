/**
 * What every forge client throws when the forge says "not now" for longer than is worth waiting
 * in-process: the time it named. Forge methods turn it into a `rate-limited` result, and the PR
 * orchestration schedules the PR for that time.
 */
export class RateLimitedError extends Error {
  readonly retryAt: Date;
  constructor(retryAt: Date, message: string) {
    super(message);
    this.name = 'RateLimitedError';
    this.retryAt = retryAt;
  }
}

export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
