// `idt attractors`: not implemented yet in this build.
import { UsageError } from '../errors.js';

export async function runAttractors(_model: string, _opts: unknown): Promise<number> {
  throw new UsageError("'idt attractors' is not available in this build yet");
}
