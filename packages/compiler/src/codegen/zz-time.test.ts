import { it } from 'vitest';
import { generateModel } from './generate.js';
import { validateIR } from '../ir/validate.js';
import { largeNetwork } from './test-models.js';
it('time', () => {
  const ir = largeNetwork(10000, 5000);
  for (let r = 0; r < 3; r++) {
    let t0 = performance.now(); validateIR(ir); const v = performance.now() - t0;
    t0 = performance.now(); generateModel(ir); console.log('validate', v, 'generate', performance.now() - t0);
  }
  console.log(process.execArgv, process.env.NODE_OPTIONS);
});
