// The stiff solver factories in one place, for the simulate driver's method table.

export { rodasFactory } from './rodas.js';
export { bdfFactory } from './bdf.js';
