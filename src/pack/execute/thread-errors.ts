// Errors cross threads as plain objects (structured clone keeps no class): typed errors keep
// their code, hint and location, so a worker's error reads like the main thread's.
import { BriefpackError, type Stage } from '../../errors.js';

export interface SerialisedError {
  readonly message: string;
  readonly stack?: string;
  readonly briefpack?: { stage: Stage; code: string; hint?: string; location?: BriefpackError['location']; frame?: string; details: BriefpackError['details'] };
}

export function serialiseError(error: unknown): SerialisedError {
  if (error instanceof BriefpackError) {
    return {
      message: error.message,
      ...(error.stack ? { stack: error.stack } : {}),
      briefpack: { stage: error.stage, code: error.code, hint: error.hint, location: error.location, frame: error.frame, details: error.details },
    };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return { message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
}

export function revive(error: SerialisedError): Error {
  const b = error.briefpack;
  const revived = b
    ? new BriefpackError(b.stage, b.code, error.message, {
        ...(b.hint !== undefined ? { hint: b.hint } : {}),
        ...(b.location ? { location: b.location } : {}),
        ...(b.frame !== undefined ? { frame: b.frame } : {}),
        details: b.details,
      })
    : new Error(error.message);
  if (error.stack) revived.stack = error.stack;
  return revived;
}
