import { CALLERS } from '../../pkg/contracts/callers';
import { writeCallerTokens } from './caller-tokens';
import { writeUserProofKeys } from './user-proof-keys';

/** The settings that point each service at its Secrets, for a system started outside a cluster. */
export interface TrustSettings {
  /** For every service that is called: how it checks callers and user proofs. */
  callerAuth: { CALLER_TOKENS_FILE: string; USER_PROOF_KEYS_FILE: string };
  /** For the user service: the key it signs user proofs with. */
  signing: { USER_PROOF_SIGNING_KEY_FILE: string };
  /** For each calling service: its own token. */
  callerTokenOf: Record<(typeof CALLERS)[number], { CALLER_TOKEN_FILE: string }>;
}

/** Fresh caller tokens and user proof keys in `dir`, as the bootstrap makes them for a cluster. */
export function writeTrustFiles(dir: string): TrustSettings {
  const { tokensFile, tokenFileOf } = writeCallerTokens(dir, CALLERS);
  const { signingKeyFile, publicKeysFile } = writeUserProofKeys(dir);
  return {
    callerAuth: { CALLER_TOKENS_FILE: tokensFile, USER_PROOF_KEYS_FILE: publicKeysFile },
    signing: { USER_PROOF_SIGNING_KEY_FILE: signingKeyFile },
    callerTokenOf: {
      'api-gateway-service': { CALLER_TOKEN_FILE: tokenFileOf['api-gateway-service'] },
      'news-service': { CALLER_TOKEN_FILE: tokenFileOf['news-service'] },
    },
  };
}
