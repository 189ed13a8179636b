// verification: one router, its procedures grouped by who calls them (bodies only delegate).
import { router } from "@/server/trpc";
import { citizensProcedures } from "./citizens";
import { organizationsProcedures } from "./organizations";
import { staffProcedures } from "./staff";

export const verificationRouter = router({
  ...organizationsProcedures,
  ...staffProcedures,
  ...citizensProcedures,
});
