export * from './limits.js';
export * from './common.js';
export * from './court.js';
export * from './case.js';
export * from './policy.js';
export * from './planRequest.js';
export * from './plan.js';
export * from './problem.js';
