package md.personas.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DatasetLabelTest {

    @Test
    void thousandsAndMillionsAreAbbreviatedOtherCountsAreNot() {
        assertEquals("100k", DatasetLabel.of(100_000));
        assertEquals("500", DatasetLabel.of(500));
        assertEquals("1m", DatasetLabel.of(1_000_000));
        assertEquals("1k", DatasetLabel.of(1_000));
        assertEquals("2500k", DatasetLabel.of(2_500_000));
        assertEquals("12m", DatasetLabel.of(12_000_000));
        assertEquals("1500", DatasetLabel.of(1_500));
        assertEquals("100001", DatasetLabel.of(100_001));
        assertEquals("0", DatasetLabel.of(0));
        assertThrows(IllegalArgumentException.class, () -> DatasetLabel.of(-1));
    }
}
