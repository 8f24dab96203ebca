// Public entry of the ledger stage.
/** createLedger(options) → { observe, finish, stateSize }. */
export { createLedger } from './ledger.js';
/** Shapes of LedgerPoint, LedgerReport and their parts. */
export type * from './ledger-types.js';
