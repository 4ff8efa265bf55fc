/**
 * One finding of `foreman doctor`: `ok`, `missing` (Foreman cannot work until it is fixed; the exit
 * status says so), `warning` (works, but not as configured), `unknown` (this token cannot see it).
 */
export type DoctorCheck = {
  name: string;
  outcome: "ok" | "missing" | "warning" | "unknown";
  summary: string;
  details: string[];
  /** what to do, when something is to be done */
  fix: string | null;
};
