// The flags domain: evaluation (evaluate.ts), admin management (manage.ts), views.
export * from "./evaluate";
