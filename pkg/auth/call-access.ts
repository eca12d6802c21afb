import { InvalidArgumentError, PermissionDeniedError, UnauthenticatedError } from '../kit/errors';
import type { CallerTokenVerifier } from './caller-tokens';
import type { UserProofVerifier } from './user-proof';

/**
 * What one calling service must present besides its own token:
 * - `{ forUser: field }`: a user proof for exactly the user the request names in `field`;
 * - `'anyUser'`: a user proof of some signed-in user;
 * - `'service'`: nothing more, the call is the caller's own (no user involved).
 */
export type CallerRule = { forUser: string } | 'anyUser' | 'service';

/** Who may make one call: each allowed caller by name, with what it must prove. */
export type CallAccess = Readonly<Record<string, CallerRule>>;

/** The credentials a call arrived with, as its transport found them. */
export interface PresentedCredentials {
  callerToken?: string;
  userProof?: string;
}

/** Checks calls against their declared access: caller tokens compared in constant time, proofs verified locally. */
export class CallGuard {
  constructor(
    private readonly callers: CallerTokenVerifier,
    /** None where no call may be made for a user. */
    private readonly proofs?: UserProofVerifier,
  ) {}

  /**
   * The caller's name, or UNAUTHENTICATED (no or bad credential) / PERMISSION_DENIED (a
   * caller or user this call does not admit). `named(field)` reads the request's field.
   */
  async admit(
    access: CallAccess,
    presented: PresentedCredentials,
    named: (field: string) => unknown,
  ): Promise<string> {
    if (!presented.callerToken) throw new UnauthenticatedError('caller token required');
    const caller = this.callers.identify(presented.callerToken);
    if (!caller) throw new PermissionDeniedError('unknown caller token');
    const rule = Object.hasOwn(access, caller) ? access[caller] : undefined;
    if (!rule) throw new PermissionDeniedError(`${caller} may not make this call`);
    if (rule === 'service') return caller;
    if (!presented.userProof) throw new UnauthenticatedError('user proof required');
    if (!this.proofs) throw new UnauthenticatedError('user proofs are not accepted here');
    const { username } = await this.proofs.verify(presented.userProof);
    if (rule === 'anyUser') return caller;
    const namedUser = named(rule.forUser);
    // Malformed, not foreign: the request's own validation would refuse it too.
    if (typeof namedUser !== 'string') throw new InvalidArgumentError(`${rule.forUser} must be a username`);
    if (namedUser !== username) {
      throw new PermissionDeniedError(`the user proof is for another user than ${rule.forUser}`);
    }
    return caller;
  }
}
