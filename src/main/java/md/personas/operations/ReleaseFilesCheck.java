package md.personas.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import md.personas.messages.OneLine;
import md.personas.sinks.RecordFormatException;
import md.personas.sinks.ReleaseAgreement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check of {@code validate} that reads every release file: JSONL, Parquet and CSV must hold the same records,
 * row by row and column by column ({@link ReleaseAgreement}). In a directory written by {@code generate} (one with
 * {@code run.json}) all three must exist; elsewhere (files copied out) only the files present are judged.
 */
final class ReleaseFilesCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseFilesCheck.class);

    private ReleaseFilesCheck() {
    }

    /** {@code report} with the "release files" check added. */
    static DatasetValidator.Report appendedTo(DatasetValidator.Report report, Path dir, Path validated,
                                              boolean generated) throws IOException {
        List<DatasetValidator.Check> checks = new ArrayList<>(report.checks());
        checks.add(check(dir, validated, generated));
        return new DatasetValidator.Report(report.file(), report.rows(), checks, report.fits(),
                report.narrativeStatuses(), report.jointAudit());
    }

    static DatasetValidator.Check check(Path dir, Path validated, boolean generated) throws IOException {
        String name = validated.getFileName().toString();
        String stem = name.substring(0, name.lastIndexOf('.'));
        Path jsonl = dir.resolve(stem + ".jsonl");
        Path parquet = dir.resolve(stem + ".parquet");
        Path csv = dir.resolve(stem + ".csv");
        List<String> missing = new ArrayList<>();
        for (Path p : List.of(jsonl, parquet, csv)) {
            if (!Files.isRegularFile(p)) {
                missing.add(p.getFileName().toString());
            }
        }
        if (!missing.isEmpty()) {
            return new DatasetValidator.Check("release files", !generated, (generated ? "missing: " : "not present, "
                    + "so not compared: ") + String.join(", ", missing));
        }
        long start = System.nanoTime();
        ReleaseAgreement.Result r;
        try {
            r = ReleaseAgreement.check(jsonl, parquet, csv);
        } catch (RecordFormatException e) {
            return new DatasetValidator.Check("release files", false, "a file cannot be read: "
                    + OneLine.of(e.getMessage()));
        }
        LOG.info("JSONL, Parquet and CSV compared row by row in {} s",
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
        return new DatasetValidator.Check("release files", r.agrees(), r.agrees()
                ? String.format(Locale.ROOT, "JSONL, Parquet and CSV agree on all %,d rows, every column", r.rows())
                : String.format(Locale.ROOT, "%,d rows differ between the files, e.g. %s", r.disagreements(),
                r.examples()));
    }
}
