"use client";
// TRPCProvider as a chunk of its own, loaded only where it is rendered: for layouts that need the
// tRPC client (and react-query under it) for some visitors only. A static import would put both in
// the initial scripts of every page under the layout, rendered or not.
import dynamic from "next/dynamic";

export const LazyTRPCProvider = dynamic(() => import("./react").then((m) => m.TRPCProvider));
