// SpikeArrest models: read fault strings, simulate smoothing / effective count / sliding window,
// compute rejection odds, fit a log's posterior over rate × N, and replay it under different pacing.
export * from './prng.js';
export * from './units.js';
export * from './candidates.js';
export * from './message-rate.js';
export * from './rate-spec.js';
export * from './smoothing.js';
export * from './volos-config.js';
export * from './effective-count.js';
export * from './sliding-window.js';
export * from './probability.js';
export * from './mixture-share.js';
export * from './gap-stats.js';
export * from './own-occupancy.js';
export * from './posterior-fit.js';
export * from './posterior.js';
export * from './steady-share.js';
export * from './replay.js';
