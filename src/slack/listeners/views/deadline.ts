/** The outcome of `work` if it settles within `ms`, else "late" (and `work` carries on). */
export async function withinDeadline<T>(
  work: Promise<T>,
  ms: number,
): Promise<{ kind: "done"; value: T } | { kind: "failed"; error: unknown } | { kind: "late" }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ kind: "late" }>((resolve) => {
    timer = setTimeout(() => resolve({ kind: "late" }), ms);
  });
  try {
    return await Promise.race([
      work.then(
        (value) => ({ kind: "done" as const, value }),
        (error: unknown) => ({ kind: "failed" as const, error }),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
