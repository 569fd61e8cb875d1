/** Look back: the weekly look back (placeholder until the review screen lands in this change). */
export function LookBack() {
  return (
    <section className="view" aria-labelledby="lookback-title">
      <h1 id="lookback-title" className="view-title">Look back</h1>
    </section>
  );
}
