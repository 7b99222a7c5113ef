import type { AskStateType } from './state.js';

/** After reading the question: fetch from arXiv first when asked to, else retrieve from the library. */
export function fetchOrRetrieve(state: AskStateType): 'fetch' | 'retrieve' {
  return state.options.fetch ? 'fetch' : 'retrieve';
}
