package md.personas.narratives.llm;

/**
 * The {@code budget-usd} cap. Every call reserves its most expensive outcome before it goes (the prompt at a
 * cautious token estimate plus a full {@code max_tokens} completion) and settles at the true cost when the
 * provider's {@code usage} comes back. A call whose reservation would pass the cap does not go, so spending cannot
 * overshoot the cap by more than the prompt-estimate error of the calls in flight. Once a reservation is refused
 * the budget counts as exhausted for good: the pipeline stops intake, and the run ends with "budget reached".
 */
public final class BudgetGuard {

    private final double capUsd;
    private double spentUsd;
    private double reservedUsd;
    private boolean exhausted;

    /** @param capUsd the cap; 0 or less means none */
    public BudgetGuard(double capUsd) {
        this.capUsd = capUsd;
    }

    public boolean capped() {
        return capUsd > 0;
    }

    /** Reserves {@code usd}; false (and exhausted from now on) when it does not fit under the cap. */
    public synchronized boolean tryReserve(double usd) {
        if (exhausted) {
            return false;
        }
        if (capped() && spentUsd + reservedUsd + usd > capUsd) {
            exhausted = true;
            return false;
        }
        reservedUsd += usd;
        return true;
    }

    /** Replaces a reservation with what the call really cost (0 when the provider refused it). */
    public synchronized void settle(double reservedForCall, double actualUsd) {
        reservedUsd = Math.max(0, reservedUsd - reservedForCall);
        spentUsd += actualUsd;
    }

    public synchronized boolean exhausted() {
        return exhausted;
    }

    public synchronized double spentUsd() {
        return spentUsd;
    }

    public synchronized double reservedUsd() {
        return reservedUsd;
    }

    public double capUsd() {
        return capUsd;
    }
}
