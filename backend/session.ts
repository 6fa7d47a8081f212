/** Who is calling: set by sign-in, checked by every service. */
import type { Role } from '../core/users.ts';

export type { Role };

export interface Session {
  readonly userId: string;
  readonly teamId: string;
  readonly role: Role;
  /**
   * Set when a watch answers again because data changed, not because the user asked: such a call is not a new look at
   * anything (the access log counts only what the user opened).
   */
  readonly rerun?: boolean;
}
