import { readFileSync } from 'node:fs';
import { CALLER_TOKEN_HEADER, USER_PROOF_HEADER, UserProofSigner } from '../../pkg/auth';

/** Proofs are re-signed this often, well inside their 60 s lifetime (and the verifiers' 120 s cap). */
const RESIGN_MS = 20_000;

/**
 * The headers the gateway sends the link service for a user: its caller token and a user
 * proof of that user, signed with the run's user-proof key as the user service signs
 * them. The link-service rows send them, so the service checks callers as deployed.
 */
export class GatewayCredentials {
  private readonly proofs = new Map<string, string>();
  private timer?: NodeJS.Timeout;

  private constructor(
    private readonly callerToken: string,
    private readonly signer: UserProofSigner,
  ) {}

  static async load(callerTokenFile: string, signingKeyFile: string): Promise<GatewayCredentials> {
    const token = readFileSync(callerTokenFile, 'utf8').trim();
    return new GatewayCredentials(token, await UserProofSigner.fromFile(signingKeyFile));
  }

  /** Signs proofs for `usernames` now and keeps them fresh until `stop()`. */
  async prepare(usernames: string[]): Promise<void> {
    const signAll = async () => {
      for (const username of usernames) this.proofs.set(username, await this.signer.sign(username));
    };
    await signAll();
    this.timer = setInterval(() => void signAll(), RESIGN_MS);
    this.timer.unref();
  }

  /** The headers of a call for `username` (prepared beforehand). */
  for(username: string): Record<string, string> {
    const proof = this.proofs.get(username);
    if (!proof) throw new Error(`no user proof prepared for ${username}`);
    return { [CALLER_TOKEN_HEADER]: this.callerToken, [USER_PROOF_HEADER]: proof };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
