// The emergency banner: on every page of a district where EMERGENCY_MODE is on.
import { getDb } from "@/db/client";
import { isFlagOn, loadFlagSnapshot } from "@/server/flags";

export async function EmergencyBanner({ districtId, userId = null }: { districtId: string | null; userId?: string | null }) {
  if (!districtId) return null;
  const snapshot = await loadFlagSnapshot(await getDb());
  if (!isFlagOn(snapshot.get("EMERGENCY_MODE"), userId, districtId)) return null;
  return (
    <div role="alert" className="bg-rose-700 px-4 py-2 text-center text-sm font-medium text-white" data-testid="emergency-banner">
      Emergency mode is on in this district. Follow the instructions of the local authorities; new orders are paused.
    </div>
  );
}
