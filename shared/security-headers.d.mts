export interface HeaderRule {
  key: string;
  value: string;
}
export function apiHeaders(): HeaderRule[];
export function staticHeaders(): HeaderRule[];
