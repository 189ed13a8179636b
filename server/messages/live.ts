// Live message streams are served by server/live (fed by the audit sequencer, not by the
// transactions that send): this keeps the name the router and tests import.
export { liveEventsFor } from "@/server/live";
export { messageColumns } from "./columns";
