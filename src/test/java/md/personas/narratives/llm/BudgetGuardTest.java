package md.personas.narratives.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BudgetGuardTest {

    @Test
    void reservationsKeepSpendingUnderTheCapAndARefusalIsFinal() {
        BudgetGuard budget = new BudgetGuard(10);
        assertTrue(budget.tryReserve(4));
        assertTrue(budget.tryReserve(4));
        assertFalse(budget.tryReserve(4), "4 + 4 + 4 > 10");
        assertTrue(budget.exhausted());
        budget.settle(4, 1.5);
        budget.settle(4, 0);
        assertEquals(1.5, budget.spentUsd(), 1e-12);
        assertEquals(0, budget.reservedUsd(), 1e-12);
        assertFalse(budget.tryReserve(0.1), "once refused, intake stays stopped");
    }

    @Test
    void noCap() {
        BudgetGuard budget = new BudgetGuard(0);
        for (int i = 0; i < 1000; i++) {
            assertTrue(budget.tryReserve(1e6));
        }
        assertFalse(budget.exhausted());
    }
}
