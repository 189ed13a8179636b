import { ProblemPage } from "@/components/problem-page";

export default function AreaNotFound() {
  return (
    <ProblemPage
      code="404"
      title="Not found"
      message="There is nothing at this address. It may have been removed, or the link is mistyped."
      home="/admin"
      homeLabel="Back to the admin dashboard"
    />
  );
}
