package md.personas.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import md.personas.census.CensusModel;
import md.personas.census.CensusTargets;
import md.personas.census.ConsistencyRules;
import md.personas.monitoring.DatasetReport;
import md.personas.monitoring.DatasetReport.ObservedTable;
import md.personas.monitoring.DatasetReport.TextLengths;
import md.personas.narratives.NarrativeContract;
import md.personas.run.RunManifest;
import md.personas.sinks.AtomicFile;
import md.personas.sinks.RecordJson;
import md.personas.sinks.RecordParquet;
import md.personas.sinks.ReleaseFiles;
import md.personas.sinks.RowCursor;

/**
 * The reports of a release, written once its data files exist: {@code moldova_personas_<label>_stats.json},
 * {@code _stats.md} with its SVG charts in {@code charts/}, and the dataset card {@code README.md}. The released
 * Parquet file (or, without one, the JSONL file) is read once, streaming; every file is written atomically and is a
 * function of the data, the census model and the manifest alone, so the same inputs give the same bytes. The stats
 * Markdown ends with a {@link ReportSeal} over itself and the other reports.
 */
public final class ReleaseReports {

    /** The dataset card's file name. */
    public static final String CARD = "README.md";
    /** The charts folder inside the output directory. */
    public static final String CHARTS = "charts";

    private ReleaseReports() {
    }

    /** What was written. */
    public record Written(DatasetReport report, Path statsJson, Path statsMarkdown, Path card, List<Path> charts) { }

    /**
     * Reads {@code outDir/moldova_personas_<label>.parquet} (or {@code .jsonl}), computes its {@link DatasetReport}
     * with the census targets and the hard rules of {@code model}, and writes the stats files, charts and card.
     *
     * @throws NoSuchFileException when neither release data file exists
     */
    public static Written write(Path outDir, String label, CensusModel model, CensusTargets targets,
            RunManifest manifest) throws IOException {
        Path data = dataFile(outDir, label);
        DatasetReport report;
        try (RowCursor rows = data.toString().endsWith(".parquet") ? RecordParquet.open(data) : RecordJson.open(data)) {
            report = DatasetReport.of(rows, targets, new ConsistencyRules(model));
        }
        return write(outDir, label, model, report, manifest, data.getFileName().toString());
    }

    /** Writes the reports of an already computed {@code report} (e.g. by {@code validate}). */
    public static Written write(Path outDir, String label, CensusModel model, DatasetReport report,
            RunManifest manifest, String dataFileName) throws IOException {
        ReportInputs in = new ReportInputs(label, dataFileName, model, report, manifest, NarrativeContract.load(),
                ReleaseResources.load());
        List<Path> charts = new ArrayList<>();
        for (ObservedTable t : report.tables()) {
            charts.add(writeChart(outDir, ReportInputs.chartPath(t), tableChart(t)));
        }
        if (report.narrated() > 0) {
            for (TextLengths l : report.lengths()) {
                String title = l.field().columnName() + ": length in characters (" + ReportText.count(l.records())
                        + " records)";
                charts.add(writeChart(outDir, ReportInputs.lengthChartPath(l.field()),
                        LengthHistogram.svg(title, l.histogram(), in.contractMin(l.field()),
                                in.contractMax(l.field()))));
            }
        }
        removeStaleCharts(outDir, charts, manifest);
        Path json = outDir.resolve(in.statsJsonName());
        AtomicFile.write(json, StatsJson.bytes(in));
        Path card = outDir.resolve(CARD);
        AtomicFile.write(card, DatasetCard.bytes(in));
        // Last, the stats Markdown, sealed over every other report (the card stays a function of the data alone).
        List<String> sealed = new ArrayList<>();
        for (Path f : charts) {
            sealed.add(CHARTS + "/" + f.getFileName());
        }
        sealed.add(in.statsJsonName());
        sealed.add(CARD);
        Path markdown = outDir.resolve(in.statsMarkdownName());
        AtomicFile.write(markdown, ReportSeal.sealed(StatsMarkdown.bytes(in), outDir, sealed));
        return new Written(report, json, markdown, card, List.copyOf(charts));
    }

    /** The release data file the reports read: the Parquet file, else the JSONL file. */
    static Path dataFile(Path outDir, String label) throws NoSuchFileException {
        Path parquet = outDir.resolve(ReleaseFiles.stem(label) + ".parquet");
        if (Files.isRegularFile(parquet)) {
            return parquet;
        }
        Path jsonl = outDir.resolve(ReleaseFiles.stem(label) + ".jsonl");
        if (Files.isRegularFile(jsonl)) {
            return jsonl;
        }
        throw new NoSuchFileException(parquet.toString(), null, "no release data file (.parquet or .jsonl) to "
                + "report on; write the release files first");
    }

    /**
     * The files, relative to the output directory, that {@link #write} writes for {@code report}: the stats files,
     * the card and the charts (so a run can record them as its own before writing them).
     */
    public static List<String> plannedFiles(String label, DatasetReport report) {
        List<String> out = new ArrayList<>();
        for (ObservedTable t : report.tables()) {
            out.add(ReportInputs.chartPath(t));
        }
        if (report.narrated() > 0) {
            for (TextLengths l : report.lengths()) {
                out.add(ReportInputs.lengthChartPath(l.field()));
            }
        }
        out.add(ReleaseFiles.stem(label) + "_stats.json");
        out.add(ReleaseFiles.stem(label) + "_stats.md");
        out.add(CARD);
        return out;
    }

    /**
     * Deletes SVG files in {@code charts/} that this report did not write but an earlier release of this program did
     * (e.g. length histograms of an earlier narrated release, listed in the manifest), so that the folder shows
     * exactly what the stats file links to. Files the manifest does not list are not this program's and stay.
     */
    private static void removeStaleCharts(Path outDir, List<Path> written, RunManifest manifest) throws IOException {
        java.util.Set<String> ours = new java.util.HashSet<>();
        if (manifest.writtenFiles() != null) {
            manifest.writtenFiles().forEach(f -> ours.add(f.path()));
        }
        List<Path> stale;
        try (Stream<Path> files = Files.list(outDir.resolve(CHARTS))) {
            stale = files.filter(f -> f.getFileName().toString().endsWith(".svg") && !written.contains(f)
                    && !Files.isSymbolicLink(f)
                    && (manifest.writtenFiles() == null || ours.contains(CHARTS + "/" + f.getFileName()))).toList();
        }
        for (Path f : stale) {
            Files.delete(f);
        }
    }

    private static String tableChart(ObservedTable t) {
        List<BarChart.Bar> bars = new ArrayList<>();
        for (int c : ReportInputs.shownCells(t)) {
            bars.add(new BarChart.Bar(t.fit().target().cellLabel(c), t.fit().target().shares()[c],
                    t.fit().observedShare(c)));
        }
        String note = null;
        if (ReportInputs.isLarge(t)) {
            note = "The " + bars.size() + " cells with the largest targets of " + ReportText.count(t.fit().target()
                    .size()) + "; " + ReportText.count(t.fit().target().size() - bars.size())
                    + " more cells are in the stats JSON.";
        }
        return BarChart.svg(t.name() + ": observed vs census target (n = " + ReportText.count(t.fit().fit().n())
                + ")", bars, note);
    }

    private static Path writeChart(Path outDir, String relative, String svg) throws IOException {
        Path file = outDir.resolve(relative);
        AtomicFile.write(file, svg.getBytes(StandardCharsets.UTF_8));
        return file;
    }
}
