/**
 * The reports of a finished release, written beside its data files once they exist.
 *
 * <h2>Files</h2>
 * <ul>
 *   <li>{@code moldova_personas_<label>_stats.json}: every census target table with every cell (target share,
 *       observed count and share, deviation) and its fit (chi-square with pooled small cells, df, p, maximum
 *       deviation in percentage points, total variation distance); narrative lengths, list sizes, statuses and
 *       models; hard-rule violations; tokens, cost, timings and monitor verdicts from the run manifest; the IPF fits
 *       and the provenance of every reference table.</li>
 *   <li>{@code moldova_personas_<label>_stats.md} with SVG charts in {@code charts/}: the same for people, summary
 *       first; tables with more than 40 cells show their 30 largest.</li>
 *   <li>{@code README.md}: the dataset card in Hugging Face conventions.</li>
 * </ul>
 *
 * <h2>Entry point</h2>
 * {@link md.personas.release.ReleaseReports#write(java.nio.file.Path, String, md.personas.census.CensusModel,
 * md.personas.census.CensusTargets, md.personas.run.RunManifest)} reads the released Parquet file once,
 * streaming ({@link md.personas.monitoring.DatasetReport}), and writes all of them, each atomically
 * ({@link md.personas.sinks.AtomicFile}). The output is a function of the data, the census model and the manifest
 * alone: no clock and no environment, so the same inputs give the same bytes. The only instants in it are the
 * manifest's phase timings.
 *
 * <h2>Knowledge as data</h2>
 * The prose the card needs lives in {@code src/main/resources/release/}: a line per column ({@code columns.json},
 * checked against {@link md.personas.record.Column}), the meaning of each provenance label
 * ({@code provenance-labels.json}) and the reference datasets' published figures with their sources
 * ({@code reference-figures.json}).
 */
package md.personas.release;
