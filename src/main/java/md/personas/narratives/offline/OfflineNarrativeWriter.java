package md.personas.narratives.offline;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import md.personas.census.CensusModel;
import md.personas.narratives.ContractViolation;
import md.personas.narratives.NarrativeCheck;
import md.personas.narratives.NarrativeContract;
import md.personas.narratives.RecordCoherence;
import md.personas.narratives.NarrativeOutcome;
import md.personas.narratives.NarrativeWriter;
import md.personas.record.Narrative;
import md.personas.record.NarrativeStatus;
import md.personas.record.Persona;

/**
 * The built-in, deterministic Romanian narrative writer, the project's default: it fills every narrative field of
 * a record from the persona alone, with no network and no key. The text is a pure function of the persona (its
 * randomness comes from the persona's uuid), grounded in the facts about Moldova of the phrase bank
 * ({@code narratives/offline/*.json}), and meets the same {@link NarrativeContract} as the LLM path. Stateless
 * after construction: one instance serves every thread of the pipeline.
 */
public final class OfflineNarrativeWriter implements NarrativeWriter {

    /** Bumped whenever the phrase bank or the composition changes what a persona's narrative reads. */
    public static final String VERSION = "4";
    public static final String MODEL = "offline-writer/" + VERSION;

    private final SceneBuilder scenes;
    private final BackgroundComposer background;
    private final VariantComposer variants;
    private final ListComposer lists;
    private final NarrativeCheck check;

    /** A writer over the bundled phrase bank and contract; {@code model} supplies the localities' types. */
    public OfflineNarrativeWriter(CensusModel model) {
        this(model, NarrativeContract.load());
    }

    public OfflineNarrativeWriter(CensusModel model, NarrativeContract contract) {
        this.check = new NarrativeCheck(contract, new RecordCoherence());
        PhraseBank bank = PhraseBank.load();
        this.scenes = new SceneBuilder(bank, model);
        this.background = new BackgroundComposer(bank, contract.minChars("cultural_background"),
                contract.maxChars("cultural_background"));
        this.variants = new VariantComposer(bank, contract.minChars("persona_summary"),
                contract.maxChars("persona_summary"), contract.maxVariantChars());
        this.lists = new ListComposer(bank, SkillSynonyms.bundled(), contract.minListItems(), contract.maxListItems());
    }

    /**
     * Drafts tried per persona: a draft that fails the contract or the coherence check (a rare clash of two phrases)
     * is written anew with fresh choices; the life facts stay the same.
     */
    static final int MAX_DRAFTS = 8;

    /** The narrative of one persona, synchronously. Same persona, same text, on any thread and in any order. */
    public Narrative compose(Persona persona) {
        return compose(persona, 0);
    }

    private Narrative compose(Persona persona, int draft) {
        Scene scene = scenes.build(persona, draft);
        ListComposer.Listed hobbies = lists.hobbies(scene);
        ListComposer.Listed skills = lists.skills(scene);
        String culturalBackground = background.compose(scene);
        return new Narrative(
                variants.persona(scene),
                variants.professional(scene),
                variants.sports(scene),
                variants.arts(scene),
                variants.travel(scene),
                variants.culinary(scene),
                culturalBackground,
                skills.text(),
                skills.items(),
                hobbies.text(),
                hobbies.items(),
                variants.careerGoals(scene),
                variants.summary(scene),
                NarrativeStatus.TEMPLATE,
                MODEL,
                "");
    }

    /**
     * Completes at once. A persona the phrase bank cannot cover (a defect the tests look for) ends as
     * {@link NarrativeOutcome.Failed} rather than failing the stream.
     */
    @Override
    public CompletionStage<NarrativeOutcome> write(Persona persona) {
        try {
            Narrative narrative = compose(persona, 0);
            // The offline writer is held to the same check as an LLM answer: nothing is released on trust.
            List<ContractViolation> violations = check.check(persona, narrative);
            for (int draft = 1; draft < MAX_DRAFTS && !violations.isEmpty(); draft++) {
                narrative = compose(persona, draft);
                violations = check.check(persona, narrative);
            }
            if (!violations.isEmpty()) {
                return CompletableFuture.completedFuture(new NarrativeOutcome.Failed(persona,
                        "offline writer: " + violations.get(0) + (violations.size() > 1 ? " (+"
                                + (violations.size() - 1) + " more)" : ""), MAX_DRAFTS, violations));
            }
            return CompletableFuture.completedFuture(new NarrativeOutcome.Written(persona, narrative));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new NarrativeOutcome.Failed(persona,
                    "offline writer: " + e.getMessage(), 1, List.of()));
        }
    }

    @Override
    public String model() {
        return MODEL;
    }

    /** No prompt is involved: empty, as the record contract asks for template narratives. */
    @Override
    public String promptVersion() {
        return "";
    }
}
