/**
 * The part of the parity Store the gateway uses (src/store). Accepting it by shape keeps the seam in one
 * place: tests and the dashboard can hand in any object with these methods.
 */
import type { Store } from '../../store/store.js';

export type GatewayStore = Pick<
  Store,
  | 'createKey'
  | 'getKey'
  | 'findKeyByHash'
  | 'listKeys'
  | 'revokeKey'
  | 'settleBudget'
  | 'leaseBudget'
  | 'settleBudgetLease'
  | 'appendRequestLogs'
  | 'saveResponse'
  | 'readResponse'
  | 'readResponseChain'
  | 'deleteResponse'
  | 'close'
> &
  /** Optional: a store that cannot push revocations has its keys re-read every 500 ms instead. */
  Partial<Pick<Store, 'watchKeyRevocations'>>;

export type { VirtualKey } from '../../store/records.js';
export type { RequestLogInput } from '../../store/records.js';
