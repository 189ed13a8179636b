import clsx from "clsx";

export function cn(...parts: Parameters<typeof clsx>) {
  return clsx(...parts);
}
