/** Who is calling: set by sign-in, checked by every service. */
export type Role = 'worker' | 'supervisor' | 'admin';

export interface Session {
  readonly userId: string;
  readonly teamId: string;
  readonly role: Role;
}
