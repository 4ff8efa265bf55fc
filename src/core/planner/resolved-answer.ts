/** A clarifying question with what the draft takes as its answer: a person's, else the default. */
export type ResolvedAnswer = {
  number: number;
  question: string;
  default: string;
  /** null: nobody answered, the default holds */
  answer: string | null;
  /** who answered */
  by: string | null;
};
