package md.personas.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import md.personas.run.ExitCode;
import md.personas.run.RunFailure;
import org.junit.jupiter.api.Test;

class ShardSpecTest {

    @Test
    void parsesKOfNCountingFromZeroAndRefusesEverythingElse() {
        assertEquals(new ShardSpec(2, 3), ShardSpec.parse("2/3"));
        assertEquals(new ShardSpec(0, 1), ShardSpec.parse(" 0 / 1 "));
        for (String bad : new String[] {"3/3", "1", "a/b", "-1/3", "1/0", "", "1/3/4"}) {
            RunFailure f = assertThrows(RunFailure.class, () -> ShardSpec.parse(bad), bad);
            assertEquals(ExitCode.USAGE, f.exitCode());
            assertTrue(f.getMessage().contains("--shard"), f.getMessage());
        }
    }

    @Test
    void dealsCheckpointRangesRoundRobinAndEveryIndexToExactlyOneShard() {
        int every = 250;
        long total = 3100; // a short last range
        BitSet union = new BitSet();
        for (int k = 0; k < 3; k++) {
            ShardSpec s = new ShardSpec(k, 3);
            BitSet others = s.othersIndices(total, every);
            BitSet mine = new BitSet();
            mine.set(0, (int) total);
            mine.andNot(others);
            assertFalse(union.intersects(mine), "shard " + k + " shares an index with another");
            union.or(mine);
            for (int i = mine.nextSetBit(0); i >= 0; i = mine.nextSetBit(i + 1)) {
                assertEquals(k, (i / every) % 3);
                assertTrue(s.ownsIndex(i, every));
                assertEquals(k, ShardSpec.shardOf(i, every, 3));
            }
        }
        assertEquals(total, union.cardinality());
        assertTrue(new ShardSpec(1, 3).ownsRange(4));
        assertFalse(new ShardSpec(1, 3).ownsRange(5));
    }

    @Test
    void numbersItsPartsInItsOwnResidueClassAfterEveryNumberInUse() {
        ShardSpec s = new ShardSpec(2, 3);
        assertEquals(2, s.firstPartNumberFrom(0));
        assertEquals(2, s.firstPartNumberFrom(2));
        assertEquals(5, s.firstPartNumberFrom(3));
        assertEquals(5, s.firstPartNumberFrom(5));
        assertEquals(8, s.firstPartNumberFrom(6));
        assertTrue(s.ownsPart(8));
        assertFalse(s.ownsPart(7));
        assertEquals(0, new ShardSpec(0, 1).firstPartNumberFrom(0));
        assertEquals(7, new ShardSpec(0, 1).firstPartNumberFrom(7));
    }

    @Test
    void namesItsLockAndManifestAndReadsThemBack() {
        ShardSpec s = new ShardSpec(1, 4);
        assertEquals(".moldova-personas.shard-1-of-4.lock", s.lockFileName());
        assertEquals("run.shard-1-of-4.json", s.manifestFileName());
        assertEquals(s, ShardSpec.fromManifestName(s.manifestFileName()));
        assertNull(ShardSpec.fromManifestName("run.json"));
        assertNull(ShardSpec.fromManifestName("run.shard-4-of-4.json"));
    }
}
