// A full garbage collection when the server has been idle for a while.
//
// Each check leaves the previous one's modules behind as garbage; V8 grows the heap rather than
// collect it while there is room, so a server left alone after editing holds a heap several times
// what it uses. Collecting once the user pauses gives that memory back at no cost to latency.
import v8 from 'node:v8';
import vm from 'node:vm';

const IDLE_MS = 1500;

function findGc(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  try {
    // `--expose-gc` set now only affects contexts created afterwards: make one and take its gc.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

export class IdleCollector {
  private readonly gc = findGc();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  /** Something happened: collect once things have been quiet for a while. */
  touch(): void {
    if (!this.gc) return;
    this.busy = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.busy) return;
      this.busy = false;
      this.gc!();
    }, IDLE_MS);
    // An idle timer must not keep the process alive after the connection ends.
    this.timer.unref();
  }
}
