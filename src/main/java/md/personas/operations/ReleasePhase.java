package md.personas.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import md.personas.census.CensusModel;
import md.personas.census.CensusTargets;
import md.personas.census.ConsistencyRules;
import md.personas.monitoring.DatasetReport;
import md.personas.release.ReleaseReports;
import md.personas.run.ExitCode;
import md.personas.run.RunManifest;
import md.personas.run.RunFailure;
import md.personas.sinks.PartDirectory;
import md.personas.sinks.ReleaseFiles;
import md.personas.sinks.ReleaseWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The release phase of a directory whose parts hold every persona: the release files, read in one merge pass that
 * also feeds the stats; then the reports and the card. It needs only the directory, its parts, the census model and
 * the run's recorder, so it can run on its own over a directory. Every file's name is recorded in {@code run.json}
 * before it is written and its size and hash after. The release files replace the previous ones only once they are
 * complete and agree (see {@link ReleaseWriter}); otherwise the previous ones stay.
 */
final class ReleasePhase {

    private static final Logger LOG = LoggerFactory.getLogger(ReleasePhase.class);

    private ReleasePhase() {
    }

    /**
     * Whether {@code dir} holds a complete release: {@code run.json} says complete, and every file it records as
     * written is there at its recorded size. A release cut short leaves {@code run.json} running, so it is not.
     */
    static boolean released(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(RunManifest.FILE_NAME))) {
            return false;
        }
        RunManifest run;
        try {
            run = RunManifest.readFrom(dir);
        } catch (IOException | RuntimeException unreadable) { // being replaced, or damaged: not a complete release
            return false;
        }
        if (run.status() != RunManifest.Status.COMPLETE || run.writtenFiles() == null
                || run.writtenFiles().isEmpty()) {
            return false;
        }
        for (RunManifest.OwnedFile f : run.writtenFiles()) {
            Path file = dir.resolve(f.path());
            if (f.bytes() == null || !Files.isRegularFile(file) || Files.size(file) != f.bytes()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Releases {@code count} personas from {@code parts} into {@code dir}.
     *
     * @param stopRequested polled while the release files are written: true rolls them back
     * @throws md.personas.sinks.ReleaseAgreement.Stopped when {@code stopRequested} stopped it
     */
    static void release(Path dir, PartDirectory parts, long count, CensusModel model, CensusTargets targets,
                        RunRecorder recorder, BooleanSupplier stopRequested) throws IOException {
        String label = recorder.current().label();
        recorder.update(m -> m.withPhaseStarted("release", Instant.now()));
        List<String> dataFiles = OutputOwnership.releaseNames(label).subList(0, 3);
        recorder.claim(dataFiles);
        DatasetReport.Accumulator report = DatasetReport.accumulator(targets, new ConsistencyRules(model));
        ReleaseFiles files;
        try {
            files = ReleaseWriter.write(parts, dir, label, ReleaseWriter.ROW_GROUP_ROWS, report.parts(), count,
                    stopRequested);
        } catch (ReleaseWriter.Refused refused) {
            throw new RunFailure(ExitCode.INCOMPLETE, "release not written: " + refused.getMessage()
                    + "; the previous release files are unchanged; run with --resume to complete it");
        }
        recorder.update(m -> m.withWritten(files.rows()).withPhaseEnded("release", Instant.now())
                .withPhaseStarted("reports", Instant.now()));
        recorder.recordWritten(dataFiles);
        DatasetReport computed = report.report();
        List<String> reportFiles = ReleaseReports.plannedFiles(label, computed);
        recorder.claim(reportFiles);
        ReleaseReports.write(dir, label, model, computed, recorder.current(), files.parquet().getFileName().toString());
        recorder.update(m -> m.withPhaseEnded("reports", Instant.now()));
        recorder.recordWritten(reportFiles);
        LOG.info("released {} rows: {}", files.rows(), files.parquet());
    }
}
