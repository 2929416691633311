/** How other models judged on the training prompts ("peers") add training signal; see fit-router.ts. */
import type { RouterModelKind } from './models/router-model.js';

export const PEER_METHODS = ['difficulty', 'blend', 'none'] as const;
export type PeerMethod = (typeof PEER_METHODS)[number];

/** The peer method used when none is asked for: difficulty for the logistic model, blend for the others. */
export function defaultPeerMethod(model: RouterModelKind): PeerMethod {
  return model === 'logistic' ? 'difficulty' : 'blend';
}

/** The peer method of a run: an explicit peerMethod, else 'none' when usePeers is false, else the kind's default. */
export function resolvePeerMethod(options: { model: RouterModelKind; peerMethod?: PeerMethod | undefined; usePeers?: boolean | undefined }): PeerMethod {
  return options.peerMethod ?? (options.usePeers === false ? 'none' : defaultPeerMethod(options.model));
}
