import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    // Generous: tests assert behaviour, never speed (benchmarks do that), and the machine is shared;
    // the crash-point sweep alone takes over a minute when several test runs share two cores.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // One file at a time: many files start a local GitHub, the real app, git and Claude Code, and on two
    // cores running them side by side starves the multi-replica simulations of the time they need to settle.
    fileParallelism: false,
  },
});
