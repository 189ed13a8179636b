// Live delivery: the fan-out of what the audit sequencer has ordered to open streams.
export { hubFor } from "./hub";
export { liveEventsFor } from "./stream";
