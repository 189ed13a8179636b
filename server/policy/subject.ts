// Who is acting: the signed-in user as the policy sees them.
import type { KycStatus, Role, UserStatus } from "@/db/schema/accounts";

export interface Subject {
  id: string;
  role: Role;
  displayName: string;
  districtId: string | null;
  /** Region of the user's district (an admin's scope). */
  regionId: string | null;
  kycStatus: KycStatus;
  status: UserStatus;
  sessionVersion: number;
}
