// `idt build`: not implemented yet in this build.
import { UsageError } from '../errors.js';

export async function runBuild(_model: string, _opts: unknown): Promise<number> {
  throw new UsageError("'idt build' is not available in this build yet");
}
