package md.personas.narratives.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import md.personas.census.CensusModel;
import md.personas.census.ReferenceSource;
import md.personas.record.Narrative;
import md.personas.record.NarrativeStatus;
import md.personas.sampling.PersonaSampler;
import org.junit.jupiter.api.Test;

class NarrativeDiversityTest {

    private static Narrative withBackground(String background) {
        return new Narrative("Ion vine.", "Ion lucrează.", "Ion aleargă.", "Ion cântă.", "Ion pleacă.",
                "Ion gătește.", background, "Ion se pricepe la multe.", List.of("Răbdare"),
                "Ion citește mult.", List.of("Lectura"), "Ion vrea multe.", "Ion, om de treabă.",
                NarrativeStatus.TEMPLATE, "test", "");
    }

    private static String words(int from, int count) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            s.append("cuvânt").append(i).append(' ');
        }
        return s.toString().trim();
    }

    @Test
    void identicalAndNearlyIdenticalTextsAreFoundAndDistinctOnesAreNot() {
        String base = words(0, 200);
        String oneWordChanged = base.replace("cuvânt100 ", "altceva ");
        List<Narrative> narratives = new ArrayList<>();
        narratives.add(withBackground(base));
        narratives.add(withBackground(base)); // identical
        narratives.add(withBackground(oneWordChanged)); // Jaccard 191/205
        for (int k = 1; k <= 30; k++) {
            narratives.add(withBackground(words(1000 * k, 200))); // unrelated
        }
        NarrativeDiversity.Report r = NarrativeDiversity.measure(narratives);
        assertEquals(33, r.documents());
        assertEquals(1, r.identicalPairs());
        assertEquals(3, r.nearDuplicatePairs(), r.toString()); // base-base, base-changed twice
        assertEquals(3, r.documentsInNearDuplicates());
        assertEquals(1.0, r.maxCandidateJaccard(), 1e-9);
    }

    @Test
    void halfSharedTextsAreNotNearDuplicates() {
        String a = words(0, 100) + " " + words(500, 100);
        String b = words(0, 100) + " " + words(900, 100);
        NarrativeDiversity.Report r = NarrativeDiversity.measure(List.of(withBackground(a), withBackground(b)));
        assertEquals(0, r.nearDuplicatePairs());
        assertEquals(0, r.identicalPairs());
    }

    @Test
    void exactJaccardAndDistinctN() {
        int[] x = NarrativeDiversity.shingleSet(new int[] {1, 2, 3, 4, 5, 6});
        int[] y = NarrativeDiversity.shingleSet(new int[] {1, 2, 3, 4, 5, 7});
        assertEquals(2, x.length);
        assertEquals(1.0 / 3.0, NarrativeDiversity.jaccard(x, y), 1e-12);
        NarrativeDiversity.Report r = NarrativeDiversity.measure(List.of(withBackground("a b a b"),
                withBackground("a b c")));
        NarrativeDiversity.DistinctN d = r.distinct().get("cultural_background");
        assertEquals(7, d.tokens());
        assertEquals(3.0 / 7.0, d.distinct1(), 1e-12); // a, b, c
        assertEquals(3.0 / 5.0, d.distinct2(), 1e-12); // ab, ba, bc of ab ba ab ab bc
        assertEquals(3.0 / 3.0, d.distinct3(), 1e-12); // aba, bab, abc
        assertEquals(List.of("cuvânt", "2024", "și", "țară"), NarrativeDiversity.tokenize("Cuvânt, 2024 și Țară."));
    }

    /** The offline writer over 5,000 sampled personas: no identical backgrounds, under 1% near-duplicates. */
    @Test
    void fiveThousandOfflineNarrativesAreVaried() {
        CensusModel model = CensusModel.load(ReferenceSource.bundled());
        PersonaSampler sampler = new PersonaSampler(model, 20240408L);
        OfflineNarrativeWriter writer = new OfflineNarrativeWriter(model);
        NarrativeDiversity.Accumulator a = new NarrativeDiversity.Accumulator();
        for (long i = 0; i < 5_000; i++) {
            a.add(writer.compose(sampler.sample(i)));
        }
        NarrativeDiversity.Report r = a.finish();
        System.out.println("Offline writer diversity over 5,000 personas:\n" + r);
        assertEquals(0, r.identicalPairs(), r.toString());
        assertTrue(r.nearDuplicatePairs() < 50, r.toString());
        assertTrue(r.nearDuplicateDocumentShare() < 0.01, r.toString());
        assertTrue(r.distinct().get("cultural_background").distinct3() > 0.05, r.toString());
    }
}
