/** Who is calling: set by sign-in, checked by every service. */
import type { Role } from '../core/users.ts';

export type { Role };

export interface Session {
  readonly userId: string;
  readonly teamId: string;
  readonly role: Role;
}
