package md.personas.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import md.personas.census.CensusDataException;
import md.personas.census.CensusModel;
import md.personas.census.CensusTargets;
import md.personas.census.ReferenceSource;
import md.personas.census.TargetTable;
import md.personas.monitoring.ChiSquareMonitor;
import md.personas.monitoring.MonitorAbortException;
import md.personas.monitoring.MonitorVerdict;
import md.personas.narratives.NarrativeStage;
import md.personas.narratives.NarrativeWriter;
import md.personas.narratives.StructuredOnlyWriter;
import md.personas.narratives.llm.LlmNarrativeWriter;
import md.personas.narratives.offline.OfflineNarrativeWriter;
import md.personas.pipeline.PersonaPipeline;
import md.personas.rebalancing.QuotaPlan;
import md.personas.rebalancing.QuotaRebalancer;
import md.personas.rebalancing.Rebalancing;
import md.personas.record.Column;
import md.personas.record.Row;
import md.personas.sampling.PersonaSampler;
import md.personas.sinks.CheckpointFailedException;
import md.personas.sinks.DatasetLabel;
import md.personas.sinks.Orphan;
import md.personas.sinks.PartDirectory;
import md.personas.sinks.PartSettings;
import md.personas.sinks.ReleaseFiles;
import md.personas.sinks.ReleaseWriter;
import md.personas.sinks.RowCursor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code generate}: sample, rebalance, narrate and write a dataset; resume what a previous run left. */
public final class GenerateCommand {

    private static final Logger LOG = LoggerFactory.getLogger(GenerateCommand.class);

    private GenerateCommand() {
    }

    public static ExitCode run(CommandLine line) throws Exception {
        Settings settings = SettingsLoader.load(line);
        if (settings.llm().isPresent()) {
            try {
                settings.llm().get().requireApiKey(System.getenv()); // exit 2 before anything starts
            } catch (md.personas.narratives.llm.LlmConfigurationException e) {
                throw RunFailure.usage(e.getMessage());
            }
        }
        OutputDirectory out = OutputDirectory.check(settings.outputDir());
        ReferenceSource source = settings.censusDirectory().map(ReferenceSource::directory)
                .orElse(ReferenceSource.bundled());
        CensusModel model = loadModel(source);
        RunIdentity identity = RunIdentity.of(settings, referenceBytes(source));
        OutputDirectory.Plan plan = out.decide(identity, line.has("--fresh"));
        if (line.has("--fresh")) {
            for (Path p : out.runFiles()) {
                LOG.info("--fresh: deleting {}", p);
            }
            out.deleteRunFiles();
        }
        out.create();
        PartDirectory parts = PartDirectory.in(out.path());
        for (Orphan orphan : parts.removeOrphans()) {
            LOG.info("removed an unfinished checkpoint file: {}", orphan);
        }
        BitSet done = parts.doneIndices();
        long doneCount = done.cardinality();
        String label = DatasetLabel.of(settings.count());
        if (plan == OutputDirectory.Plan.RESUME) {
            LOG.info("resuming in {}: {} of {} personas already written", out.path(), doneCount, settings.count());
        } else {
            LOG.info("generating {} personas (seed {}, narratives {}) into {}", settings.count(), settings.seed(),
                    settings.narratives().label(), out.path());
        }
        writeRunRecord(out.path(), identity, settings, "running");

        CensusTargets targets = CensusTargets.compute(model);
        List<TargetTable> controlled = Rebalancing.controlledTables(targets,
                settings.rebalancer().controlledTables());
        ChiSquareMonitor monitor = new ChiSquareMonitor(new ArrayList<>(targets.tables().values()), controlled,
                settings.monitor());
        preload(monitor, parts, doneCount);

        long start = System.nanoTime();
        if (doneCount < settings.count()) {
            ExitCode streamed = stream(settings, model, controlled, monitor, parts, done, out.path());
            if (streamed != ExitCode.SUCCESS) {
                writeRunRecord(out.path(), identity, settings, streamed == ExitCode.MONITOR_ABORT ? "aborted"
                        : "incomplete");
                return streamed;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        MonitorVerdict last = monitor.evaluate();
        LOG.info("stream done in {} s; monitor at {} records: {}", String.format(Locale.ROOT, "%.1f", seconds),
                monitor.n(), last.passed() ? "all tables pass" : last.reason());
        ReleaseFiles release = ReleaseWriter.write(parts, out.path(), label);
        if (release.rows() != settings.count() || !release.contiguousFromZero()) {
            throw new RunFailure(ExitCode.INCOMPLETE, "release has " + release.rows() + " rows (indices "
                    + release.firstIndex() + "-" + release.lastIndex() + "), not " + settings.count()
                    + "; run with --resume to complete it");
        }
        writeRunRecord(out.path(), identity, settings, "complete");
        LOG.info("released {} rows: {}", release.rows(), release.parquet());
        return ExitCode.SUCCESS;
    }

    private static CensusModel loadModel(ReferenceSource source) {
        try {
            return CensusModel.load(source);
        } catch (CensusDataException e) {
            throw RunFailure.usage(e.getMessage());
        }
    }

    private static byte[] referenceBytes(ReferenceSource source) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (String f : List.of(ReferenceSource.TABLES, ReferenceSource.LOCALITIES, ReferenceSource.OCCUPATIONS,
                ReferenceSource.EXTENSIONS)) {
            all.writeBytes(source.bytes(f));
        }
        return all.toByteArray();
    }

    /** On resume the monitor starts from the records already written, so its statistics cover the whole run. */
    private static void preload(ChiSquareMonitor monitor, PartDirectory parts, long doneCount) throws IOException {
        if (doneCount == 0) {
            return;
        }
        EnumSet<Column> structured = EnumSet.range(Column.UUID, Column.OCEAN_NEUROTICISM);
        structured.addAll(EnumSet.of(Column.NARRATIVE_STATUS, Column.NARRATIVE_MODEL, Column.PROMPT_VERSION));
        try (RowCursor rows = parts.rows(structured)) {
            for (Row row = rows.next(); row != null; row = rows.next()) {
                monitor.add(row);
            }
        }
    }

    private static ExitCode stream(Settings settings, CensusModel model, List<TargetTable> controlled,
                                   ChiSquareMonitor monitor, PartDirectory parts, BitSet done, Path outDir)
            throws Exception {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "moldova-personas", settings.config());
        ExecutorService writers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "narrative-writer");
            t.setDaemon(true);
            return t;
        });
        try (NarrativeWriter writer = writerFor(settings, model, system)) {
            QuotaRebalancer rebalancer = new QuotaRebalancer(settings.seed(), model,
                    QuotaPlan.forCount(controlled, settings.count()), settings.rebalancer());
            SharedKillSwitch killSwitch = KillSwitches.shared("generate");
            PersonaPipeline.Stages stages = new PersonaPipeline.Stages(new PersonaSampler(model, settings.seed()),
                    rebalancer, settings.count(), done,
                    narrateStage(settings, writer, writers), monitor,
                    verdict -> progress(verdict, settings.count()), parts,
                    PartSettings.of(settings.checkpointEvery()).withFirstPartNumber(parts.nextPartNumber()),
                    outDir);
            PersonaPipeline.Completion completion = PersonaPipeline.graph(stages, killSwitch).run(system);
            try {
                completion.monitor().toCompletableFuture().join();
                completion.jsonl().toCompletableFuture().join();
                completion.parquet().toCompletableFuture().join();
                completion.deadLetters().toCompletableFuture().join();
            } catch (CompletionException e) {
                return failed(e.getCause() == null ? e : e.getCause());
            }
            QuotaRebalancer.Stats stats = rebalancer.stats();
            LOG.info("rebalancer: {} proposals, acceptance {}, worst prefix deviation {} persons",
                    stats.proposals(), String.format(Locale.ROOT, "%.3f", stats.acceptanceRatio()),
                    String.format(Locale.ROOT, "%.2f", stats.worstPrefixDeviation()));
            if (writer instanceof LlmNarrativeWriter llm && llm.stopReason().isPresent()) {
                throw new RunFailure(ExitCode.INCOMPLETE, llm.stopReason().get() + ": intake stopped after "
                        + llm.stats().written() + " personas written this run (cost " + String.format(Locale.ROOT,
                        "%.2f", llm.stats().costUsd()) + " USD); raise personas.narratives.budget-usd or fix the "
                        + "provider, then run with --resume");
            }
            if (monitor.failures() > 0) {
                throw new RunFailure(ExitCode.INCOMPLETE, "incomplete: " + monitor.failures()
                        + " personas failed, run with --resume to retry (reasons in " + outDir.resolve(
                        md.personas.sinks.DeadLetterSink.FILE) + ")");
            }
            return ExitCode.SUCCESS;
        } finally {
            writers.shutdownNow();
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static ExitCode failed(Throwable cause) {
        if (cause instanceof MonitorAbortException abort) {
            throw new RunFailure(ExitCode.MONITOR_ABORT, abort.getMessage()
                    + "; records already written stay valid (see run.json)");
        }
        if (cause instanceof CheckpointFailedException disk) {
            throw new RunFailure(ExitCode.INCOMPLETE, disk.getMessage() + "; fix the disk and run with --resume");
        }
        if (cause instanceof RunFailure f) {
            throw f;
        }
        throw new RunFailure(ExitCode.INCOMPLETE, "the stream failed: " + cause + "; run with --resume to "
                + "continue from the last checkpoint", cause);
    }

    private static NarrativeWriter writerFor(Settings settings, CensusModel model, ActorSystem<Void> system) {
        return switch (settings.narratives()) {
            case OFFLINE -> new OfflineNarrativeWriter(model);
            case NONE -> new StructuredOnlyWriter();
            case LLM -> LlmNarrativeWriter.create(system, settings.llm().orElseThrow(), model, System.getenv());
        };
    }

    /**
     * The narrate stage for the writer: the offline writer computes on the writer threads; the LLM writer waits
     * on the network behind its own throttles, and intake stops as soon as it reports a reason to (the budget is
     * reached, the provider refuses the key); structured-only needs no stage at all.
     */
    private static org.apache.pekko.stream.javadsl.Flow<md.personas.record.Persona,
            md.personas.narratives.NarrativeOutcome, org.apache.pekko.NotUsed> narrateStage(Settings settings,
            NarrativeWriter writer, ExecutorService writers) {
        if (writer instanceof LlmNarrativeWriter llm) {
            return org.apache.pekko.stream.javadsl.Flow.<md.personas.record.Persona>create()
                    .takeWhile(p -> llm.stopReason().isEmpty())
                    .via(NarrativeStage.waiting(llm, settings.workers()));
        }
        return settings.narratives() == NarrativeMode.NONE ? NarrativeStage.immediate(writer)
                : NarrativeStage.computing(writer, settings.workers(), writers);
    }

    private static void progress(MonitorVerdict verdict, long count) {
        if (verdict.checkpoint() % 10_000 == 0 || verdict.checkpoint() == count) {
            LOG.info("{} / {} personas written; monitor {}", verdict.checkpoint(), count,
                    verdict.passed() ? "ok" : "FAILED: " + verdict.reason());
        }
    }

    /** A minimal run record until the full manifest lands: the identity and the status. */
    private static void writeRunRecord(Path dir, RunIdentity identity, Settings settings, String status)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode node = json.createObjectNode();
        node.put("seed", identity.seed());
        node.put("count", identity.count());
        node.put("config_hash", identity.configHash());
        node.put("narratives", settings.narratives().label());
        node.put("status", status);
        Path tmp = dir.resolve(RunIdentity.FILE + ".tmp");
        Files.writeString(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
        Files.move(tmp, dir.resolve(RunIdentity.FILE), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
